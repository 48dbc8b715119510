package dev.fluxconfig.it.chart;

import static dev.fluxconfig.it.chart.FluxConfigChart.FLUX_CONTROLLERS;
import static dev.fluxconfig.it.chart.FluxConfigChart.NAMESPACE;
import static dev.fluxconfig.it.chart.FluxConfigChart.OURS;
import static dev.fluxconfig.it.chart.FluxConfigChart.render;
import static dev.fluxconfig.it.chart.RenderedChart.verbs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.marcnuri.helm.LintResult;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;

import dev.fluxconfig.sandbox.cli.ManagedProcess;
import dev.fluxconfig.testkit.AppProcess;

/**
 * Renders the extension chart with the real Helm library and checks that every extension setting of the seed
 * (reference §F) changes the manifests the way the seed says, one test per setting, plus the defaults, the security
 * context and the RBAC contract with the apps. No cluster needed.
 */
class ChartRenderTest {

    private static final List<String> ALL_COMPONENTS = Stream.concat(OURS.stream(), FLUX_CONTROLLERS.stream()).toList();
    private static final String JAVA_OPTS = "-XX:+UseSerialGC -Xmx64m -Xss256k -XX:MaxMetaspaceSize=80m"
            + " -XX:ReservedCodeCacheSize=16m -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:MaxDirectMemorySize=16m"
            + " -Dio.netty.allocator.type=unpooled";

    /** Every component switched on, for settings that touch all pods. */
    private static Map<String, Object> everythingOn() {
        Map<String, Object> sets = new HashMap<>();
        sets.put("image-automation-controller.enabled", "true");
        sets.put("image-reflector-controller.enabled", "true");
        return sets;
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> sets = new HashMap<>(base);
        sets.put(key, value);
        return sets;
    }

    // ---------------------------------------------------------------------------------------------------- lint

    @Test
    void lintIsCleanEvenInStrictMode() {
        LintResult result = FluxConfigChart.helm().lint().strict().call();

        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @Test
    void rendersWithEveryComponentOnAndEverySwitchFlipped() {
        RenderedChart rendered = render(with(with(everythingOn(), "multiTenancy.enforce", "false"),
                "workloadIdentity.enable", "true"));

        assertThat(rendered.deploymentNames()).hasSize(8);
    }

    // ------------------------------------------------------------------------------------------------ defaults

    @Test
    void defaultsInstallOurComponentsAndTheFourFluxControllersSeedSaysAreOn() {
        assertThat(render().deploymentNames()).containsExactlyInAnyOrder("fluxconfig-agent", "fluxconfig-controller",
                "source-controller", "kustomize-controller", "helm-controller", "notification-controller");
    }

    @Test
    void everyNamespacedObjectGoesToTheReleaseNamespace() {
        RenderedChart rendered = render();

        List<HasMetadata> namespaced = rendered.objects().stream()
                .filter(o -> !(o instanceof ClusterRole) && !(o instanceof ClusterRoleBinding)).toList();
        assertThat(namespaced).isNotEmpty().allSatisfy(o -> assertThat(o.getMetadata().getNamespace())
                .as(o.getKind() + "/" + o.getMetadata().getName()).isEqualTo(NAMESPACE));
    }

    @Test
    void ourComponentsDefaultToTheOriginalsCpuAndTheMeasuredMemory() {
        RenderedChart rendered = render();

        assertThat(rendered.container("fluxconfig-agent").getResources().getRequests())
                .containsEntry("cpu", new Quantity("5m")).containsEntry("memory", new Quantity("160Mi"));
        assertThat(rendered.container("fluxconfig-agent").getResources().getLimits())
                .containsEntry("cpu", new Quantity("50m")).containsEntry("memory", new Quantity("224Mi"));
        assertThat(rendered.container("fluxconfig-controller").getResources().getRequests())
                .containsEntry("cpu", new Quantity("5m")).containsEntry("memory", new Quantity("160Mi"));
        assertThat(rendered.container("fluxconfig-controller").getResources().getLimits())
                .containsEntry("cpu", new Quantity("100m")).containsEntry("memory", new Quantity("256Mi"));
    }

    @Test
    void fluxControllersDefaultToTheSeedsResources() {
        RenderedChart rendered = render(everythingOn());

        for (String c : FLUX_CONTROLLERS) {
            assertThat(rendered.container(c).getResources().getLimits()).as(c)
                    .containsEntry("cpu", new Quantity("1000m")).containsEntry("memory", new Quantity("1Gi"));
            assertThat(rendered.container(c).getResources().getRequests()).as(c)
                    .containsEntry("memory", new Quantity("64Mi"))
                    .containsEntry("cpu", new Quantity(c.equals("source-controller") ? "50m" : "100m"));
        }
    }

    @Test
    void imagesComeFromTheConfiguredRegistriesAndTags() {
        RenderedChart defaults = render(everythingOn());
        assertThat(defaults.container("fluxconfig-agent").getImage()).isEqualTo("ghcr.io/fluxconfig/fluxconfig-agent:0.1.0");
        assertThat(defaults.container("source-controller").getImage()).isEqualTo("ghcr.io/fluxcd/source-controller:v1.7.4");
        assertThat(defaults.container("kustomize-controller").getImage())
                .isEqualTo("ghcr.io/fluxcd/kustomize-controller:v1.7.3");
        assertThat(defaults.container("helm-controller").getImage()).isEqualTo("ghcr.io/fluxcd/helm-controller:v1.4.5");
        assertThat(defaults.container("notification-controller").getImage())
                .isEqualTo("ghcr.io/fluxcd/notification-controller:v1.7.5");

        Map<String, Object> sets = everythingOn();
        sets.put("image.registry", "registry.example/gitops");
        sets.put("image.tag", "1.2.3");
        sets.put("image.pullPolicy", "Always");
        sets.put("flux.registry", "mcr.microsoft.com/oss/fluxcd");
        sets.put("helm-controller.image.tag", "v9.9.9");
        RenderedChart custom = render(sets);

        assertThat(custom.container("fluxconfig-agent").getImage()).isEqualTo("registry.example/gitops/fluxconfig-agent:1.2.3");
        assertThat(custom.container("fluxconfig-controller").getImage())
                .isEqualTo("registry.example/gitops/fluxconfig-controller:1.2.3");
        assertThat(custom.container("fluxconfig-controller").getImagePullPolicy()).isEqualTo("Always");
        assertThat(custom.container("helm-controller").getImage())
                .isEqualTo("mcr.microsoft.com/oss/fluxcd/helm-controller:v9.9.9");
        assertThat(custom.container("image-reflector-controller").getImage())
                .isEqualTo("mcr.microsoft.com/oss/fluxcd/image-reflector-controller:v1.0.4");
    }

    @Test
    void ourAppsAreProbedOnQuarkusHealthAndScrapedOnQuarkusMetrics() {
        RenderedChart rendered = render();

        for (String app : OURS) {
            Container c = rendered.container(app);
            assertThat(c.getLivenessProbe().getHttpGet().getPath()).as(app).isEqualTo("/q/health/live");
            assertThat(c.getReadinessProbe().getHttpGet().getPath()).as(app).isEqualTo("/q/health/ready");
            assertThat(c.getPorts()).as(app).anySatisfy(p -> {
                assertThat(p.getName()).isEqualTo(c.getReadinessProbe().getHttpGet().getPort().getStrVal());
                assertThat(p.getContainerPort()).isEqualTo(8080);
            });
            assertThat(rendered.podAnnotations(app)).as(app).containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/port", "8080").containsEntry("prometheus.io/path", "/q/metrics");
        }
    }

    @Test
    void theSandboxAndTheBenchmarkRunOurAppsWithTheChartsJvmSettings() {
        assertThat(String.join(" ", ManagedProcess.JVM_OPTIONS)).isEqualTo(JAVA_OPTS);
        assertThat(String.join(" ", AppProcess.chartJvmOptions("controller"))).isEqualTo(JAVA_OPTS);
        assertThat(String.join(" ", AppProcess.chartJvmOptions("agent"))).isEqualTo(JAVA_OPTS);
    }

    @Test
    void ourAppsGetTheContractEnvironment() {
        RenderedChart rendered = render();

        for (String app : OURS) {
            assertThat(rendered.env(app)).as(app).containsEntry("JAVA_OPTS_APPEND", JAVA_OPTS)
                    .containsEntry("MALLOC_ARENA_MAX", "2").containsEntry("QUARKUS_LOG_LEVEL", "INFO");
            assertThat(rendered.envVar(app, "POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("metadata.namespace");
            assertThat(rendered.envVar(app, "POD_NAME").getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("metadata.name");
        }
        assertThat(rendered.container("fluxconfig-controller").getName()).isEqualTo("manager");
        assertThat(rendered.deployment("fluxconfig-controller").getSpec().getReplicas()).isEqualTo(2);
        assertThat(rendered.env("fluxconfig-controller"))
                .containsEntry("FLUXCONFIG_CONTROLLER_LEADER_ELECTION_ENABLED", "true")
                .containsEntry("FLUXCONFIG_CONTROLLER_MULTI_TENANCY_ENFORCE", "true");
        assertThat(rendered.env("fluxconfig-agent")).containsEntry("FLUXCONFIG_AGENT_AUTH_MODE", "managed-identity")
                .containsEntry("FLUXCONFIG_AGENT_CLUSTER_RESOURCE_PROVIDER", "Microsoft.ContainerService")
                .containsEntry("FLUXCONFIG_AGENT_CLUSTER_TYPE", "managedclusters")
                .doesNotContainKeys("FLUXCONFIG_AGENT_DATA_PLANE_ENDPOINT", "FLUXCONFIG_AGENT_AUTH_CLIENT_ID",
                        "FLUXCONFIG_AGENT_AUTH_FEDERATED_TOKEN_FILE");
    }

    @Test
    void javaOptionsAreAValue() {
        RenderedChart rendered = render(Map.of("fluxconfig-agent.javaOpts", "-Xmx90m",
                "fluxconfig-controller.javaOpts", "-Xmx70m -XX:+UseSerialGC"));

        assertThat(rendered.env("fluxconfig-agent")).containsEntry("JAVA_OPTS_APPEND", "-Xmx90m");
        assertThat(rendered.env("fluxconfig-controller")).containsEntry("JAVA_OPTS_APPEND", "-Xmx70m -XX:+UseSerialGC");
    }

    @Test
    void controllerNativeImageIsAValue() {
        RenderedChart jvm = render(Map.of());
        RenderedChart nativeImage = render(Map.of("fluxconfig-controller.nativeImage", "true",
                "fluxconfig-controller.nativeOpts", "-Xmx40m  -Dio.netty.allocator.type=unpooled"));

        assertThat(jvm.container("fluxconfig-controller").getImage()).doesNotEndWith("-native");
        assertThat(jvm.container("fluxconfig-controller").getArgs()).isNullOrEmpty();
        var container = nativeImage.container("fluxconfig-controller");
        assertThat(container.getImage()).isEqualTo(jvm.container("fluxconfig-controller").getImage() + "-native");
        assertThat(container.getArgs()).containsExactly("-Xmx40m", "-Dio.netty.allocator.type=unpooled");
        assertThat(nativeImage.env("fluxconfig-controller")).doesNotContainKey("JAVA_OPTS_APPEND")
                .containsEntry("FLUXCONFIG_CONTROLLER_LEADER_ELECTION_ENABLED", "true");
        assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("208Mi");
        assertThat(container.getResources().getRequests().get("memory").toString()).isEqualTo("112Mi");
        assertThat(jvm.container("fluxconfig-controller").getResources().getLimits().get("memory").toString())
                .isEqualTo("256Mi");
        // the agent stays on the JVM image
        assertThat(nativeImage.container("fluxconfig-agent").getImage()).doesNotEndWith("-native");
    }

    @Test
    void controllerReplicasAreAValue() {
        assertThat(render(Map.of("fluxconfig-controller.replicas", "3")).deployment("fluxconfig-controller").getSpec()
                .getReplicas()).isEqualTo(3);
    }

    @Test
    void agentGetsTheClusterItRunsInAndTheDataPlaneEndpoint() {
        Map<String, Object> sets = new HashMap<>();
        sets.put("cluster.subscriptionId", "00000000-0000-0000-0000-0000000000aa");
        sets.put("cluster.resourceGroup", "rg-gitops");
        sets.put("cluster.resourceProvider", "Microsoft.Kubernetes");
        sets.put("cluster.type", "connectedClusters");
        sets.put("cluster.name", "aks-1");
        sets.put("cluster.region", "westeurope");
        sets.put("dataPlane.endpoint", "https://dp.example:8443");

        assertThat(render(sets).env("fluxconfig-agent"))
                .containsEntry("FLUXCONFIG_AGENT_CLUSTER_SUBSCRIPTION_ID", "00000000-0000-0000-0000-0000000000aa")
                .containsEntry("FLUXCONFIG_AGENT_CLUSTER_RESOURCE_GROUP", "rg-gitops")
                .containsEntry("FLUXCONFIG_AGENT_CLUSTER_RESOURCE_PROVIDER", "Microsoft.Kubernetes")
                .containsEntry("FLUXCONFIG_AGENT_CLUSTER_TYPE", "connectedClusters")
                .containsEntry("FLUXCONFIG_AGENT_CLUSTER_NAME", "aks-1")
                .containsEntry("FLUXCONFIG_AGENT_CLUSTER_REGION", "westeurope")
                .containsEntry("FLUXCONFIG_AGENT_DATA_PLANE_ENDPOINT", "https://dp.example:8443");
    }

    @Test
    void agentAuthModeCanBeAServicePrincipalWhoseSecretComesFromASecret() {
        RenderedChart rendered = render(Map.of("fluxconfig-agent.auth.mode", "client-secret",
                "fluxconfig-agent.auth.clientId", "sp-client", "fluxconfig-agent.auth.tenantId", "sp-tenant",
                "fluxconfig-agent.auth.secretName", "agent-credentials"));

        assertThat(rendered.env("fluxconfig-agent")).containsEntry("FLUXCONFIG_AGENT_AUTH_MODE", "client-secret")
                .containsEntry("FLUXCONFIG_AGENT_AUTH_CLIENT_ID", "sp-client")
                .containsEntry("FLUXCONFIG_AGENT_AUTH_TENANT_ID", "sp-tenant");
        assertThat(rendered.container("fluxconfig-agent").getEnvFrom()).singleElement()
                .satisfies(e -> assertThat(e.getSecretRef().getName()).isEqualTo("agent-credentials"));
    }

    @Test
    void anUnknownAgentAuthModeIsRejected() {
        assertThatThrownBy(() -> render(Map.of("fluxconfig-agent.auth.mode", "password")))
                .hasMessageContaining("fluxconfig-agent.auth.mode must be");
    }

    // ------------------------------------------------------------------------------------ security, scheduling

    @Test
    void everyPodRunsNonRootWithARestrictedSecurityContext() {
        RenderedChart rendered = render(everythingOn());

        assertThat(rendered.deploymentNames()).hasSize(8);
        for (Deployment d : rendered.all(Deployment.class)) {
            String name = d.getMetadata().getName();
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as(name).isEqualTo("RuntimeDefault");
            assertThat(pod.getInitContainers()).as(name).isEmpty();
            for (Container c : pod.getContainers()) {
                SecurityContext sc = c.getSecurityContext();
                assertThat(sc.getRunAsNonRoot()).as(name).isTrue();
                assertThat(sc.getReadOnlyRootFilesystem()).as(name).isTrue();
                assertThat(sc.getAllowPrivilegeEscalation()).as(name).isFalse();
                assertThat(sc.getPrivileged()).as(name).isFalse();
                assertThat(sc.getCapabilities().getDrop()).as(name).containsExactly("ALL");
                assertThat(sc.getCapabilities().getAdd()).as(name).isNullOrEmpty();
                assertThat(sc.getSeccompProfile().getType()).as(name).isEqualTo("RuntimeDefault");
            }
        }
        for (String app : OURS) {
            assertThat(rendered.container(app).getSecurityContext().getRunAsUser()).as(app).isEqualTo(1001L);
        }
    }

    @Test
    void readOnlyRootFilesystemsGetAWritableTmp() {
        RenderedChart rendered = render(everythingOn());

        for (Deployment d : rendered.all(Deployment.class)) {
            String name = d.getMetadata().getName();
            Container c = rendered.container(name);
            assertThat(c.getVolumeMounts()).as(name).anySatisfy(m -> {
                assertThat(m.getMountPath()).isEqualTo("/tmp");
                assertThat(d.getSpec().getTemplate().getSpec().getVolumes()).filteredOn(v -> v.getName().equals(m.getName()))
                        .singleElement().satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
            });
        }
    }

    @Test
    void everyPodToleratesCriticalAddonsOnlyByDefault() {
        RenderedChart rendered = render(everythingOn());

        for (Deployment d : rendered.all(Deployment.class)) {
            assertThat(d.getSpec().getTemplate().getSpec().getTolerations()).as(d.getMetadata().getName())
                    .anySatisfy(t -> {
                        assertThat(t.getKey()).isEqualTo("CriticalAddonsOnly");
                        assertThat(t.getOperator()).isEqualTo("Exists");
                    });
            assertThat(d.getSpec().getTemplate().getSpec().getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
        }
    }

    @Test
    void nodeSelectorTolerationsAffinityAndPullSecretsApplyToEveryPod() {
        RenderedChart rendered = FluxConfigChart.renderWithValues("""
                image-automation-controller: {enabled: true}
                image-reflector-controller: {enabled: true}
                nodeSelector: {agentpool: system}
                tolerations:
                  - {key: dedicated, operator: Equal, value: gitops, effect: NoSchedule}
                affinity:
                  nodeAffinity:
                    requiredDuringSchedulingIgnoredDuringExecution:
                      nodeSelectorTerms:
                        - matchExpressions: [{key: kubernetes.io/arch, operator: In, values: [amd64]}]
                imagePullSecrets: [{name: regcred}]
                priorityClassName: system-cluster-critical
                """);

        assertThat(rendered.deploymentNames()).hasSize(8);
        for (Deployment d : rendered.all(Deployment.class)) {
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            String name = d.getMetadata().getName();
            assertThat(pod.getNodeSelector()).as(name).containsEntry("agentpool", "system");
            assertThat(pod.getTolerations()).as(name).extracting(Toleration::getKey).containsExactly("dedicated");
            assertThat(pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                    .getNodeSelectorTerms().get(0).getMatchExpressions().get(0).getKey()).as(name)
                    .isEqualTo("kubernetes.io/arch");
            assertThat(pod.getImagePullSecrets()).as(name).singleElement()
                    .satisfies(s -> assertThat(s.getName()).isEqualTo("regcred"));
            assertThat(pod.getPriorityClassName()).as(name).isEqualTo("system-cluster-critical");
        }
    }

    // -------------------------------------------------------------------------------------------------- RBAC

    @Test
    void everyComponentRunsAsItsOwnServiceAccountBoundToItsOwnClusterRole() {
        RenderedChart rendered = render(everythingOn());

        for (String component : ALL_COMPONENTS) {
            assertThat(rendered.pod(component).getServiceAccountName()).isEqualTo(component);
            rendered.serviceAccount(component);
            String clusterName = component + "-" + NAMESPACE;
            rendered.clusterRole(clusterName);
            ClusterRoleBinding binding = rendered.clusterRoleBinding(clusterName);
            assertThat(binding.getRoleRef().getName()).isEqualTo(clusterName);
            assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
                assertThat(s.getName()).isEqualTo(component);
                assertThat(s.getNamespace()).isEqualTo(NAMESPACE);
            });
        }
    }

    @Test
    void agentMayWriteFluxConfigsAndReadAndApplyItsSecretsByNameOnly() {
        List<PolicyRule> rules = render().clusterRole("fluxconfig-agent-" + NAMESPACE).getRules();

        assertThat(verbs(rules, "clusterconfig.azure.com", "fluxconfigs")).containsExactlyInAnyOrder("list", "watch",
                "create", "patch", "delete");
        assertThat(verbs(rules, "clusterconfig.azure.com", "fluxconfigs/status")).isEmpty();
        assertThat(verbs(rules, "", "secrets")).as("no list, watch, update or delete of Secrets")
                .containsExactlyInAnyOrder("get", "create", "patch");
        assertThat(verbs(rules, "", "namespaces")).containsExactlyInAnyOrder("get", "create");
        assertThat(rules).flatExtracting(PolicyRule::getApiGroups).containsOnly("clusterconfig.azure.com", "");
        assertThat(verbs(rules, "", "events")).containsExactly("create");
        assertThat(rules).flatExtracting(PolicyRule::getResources).containsOnly("fluxconfigs", "secrets", "namespaces",
                "events");
        assertThat(rules).flatExtracting(PolicyRule::getVerbs).doesNotContain("*");
    }

    @Test
    void controllerMayWriteOnlyWhatItGeneratesAndBindOnlyTheRolesItHandsOut() {
        RenderedChart rendered = render();
        List<PolicyRule> rules = rendered.clusterRole("fluxconfig-controller-" + NAMESPACE).getRules();
        List<String> generated = List.of("list", "watch", "create", "patch", "delete");

        assertThat(verbs(rules, "clusterconfig.azure.com", "fluxconfigs")).containsExactlyInAnyOrder("get", "list",
                "watch", "patch");
        assertThat(verbs(rules, "clusterconfig.azure.com", "fluxconfigs/status")).containsExactly("patch");
        for (String kind : List.of("gitrepositories", "buckets", "ocirepositories")) {
            assertThat(verbs(rules, "source.toolkit.fluxcd.io", kind)).as(kind).containsExactlyInAnyOrderElementsOf(generated);
        }
        assertThat(verbs(rules, "source.toolkit.fluxcd.io", "helmrepositories")).isEmpty();
        assertThat(verbs(rules, "source.toolkit.fluxcd.io", "helmcharts")).containsExactlyInAnyOrder("list", "watch");
        assertThat(verbs(rules, "kustomize.toolkit.fluxcd.io", "kustomizations"))
                .containsExactlyInAnyOrderElementsOf(generated);
        assertThat(verbs(rules, "helm.toolkit.fluxcd.io", "helmreleases")).containsExactlyInAnyOrder("list", "watch");
        for (String kind : List.of("secrets", "serviceaccounts")) {
            assertThat(verbs(rules, "", kind)).as(kind).containsExactlyInAnyOrderElementsOf(generated);
        }
        assertThat(verbs(rules, "", "serviceaccounts/token")).as("never mints tokens").isEmpty();
        assertThat(verbs(rules, "", "configmaps")).isEmpty();
        assertThat(verbs(rules, "", "namespaces")).isEmpty();
        assertThat(verbs(rules, "", "events")).containsExactly("create");
        assertThat(verbs(rules, "rbac.authorization.k8s.io", "roles")).isEmpty();
        for (String kind : List.of("rolebindings", "clusterrolebindings")) {
            assertThat(verbs(rules, "rbac.authorization.k8s.io", kind)).as(kind)
                    .containsExactlyInAnyOrderElementsOf(generated);
        }
        assertThat(verbs(rules, "rbac.authorization.k8s.io", "clusterroles")).containsExactly("bind");
        assertThat(rules).flatExtracting(PolicyRule::getVerbs).doesNotContain("escalate", "*", "impersonate");
        assertThat(rules).filteredOn(r -> r.getResources().contains("clusterroles")).singleElement()
                .satisfies(r -> assertThat(r.getResourceNames()).containsExactlyInAnyOrder("cluster-admin",
                        "fluxconfig-namespace-applier-" + NAMESPACE));
        assertThat(verbs(rules, "apiextensions.k8s.io", "customresourcedefinitions")).isEmpty();
        assertThat(verbs(rules, "coordination.k8s.io", "leases")).as("leases are namespaced, not cluster-wide").isEmpty();

        Role leases = rendered.role("fluxconfig-controller-leader-election");
        assertThat(leases.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
        assertThat(verbs(leases.getRules(), "coordination.k8s.io", "leases")).containsExactlyInAnyOrder("get", "create",
                "update", "patch");
        RoleBinding binding = rendered.get(RoleBinding.class, "fluxconfig-controller-leader-election");
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> assertThat(s.getName())
                .isEqualTo("fluxconfig-controller"));
    }

    @Test
    void clusterScopeOffTakesAwayBindingClusterAdminAndCreatingClusterRoleBindings() {
        RenderedChart off = render(Map.of("tenancy.clusterScope", "false"));
        List<PolicyRule> rules = off.clusterRole("fluxconfig-controller-" + NAMESPACE).getRules();

        assertThat(rules).filteredOn(r -> r.getResources().contains("clusterroles")).singleElement()
                .satisfies(r -> assertThat(r.getResourceNames()).containsExactly("fluxconfig-namespace-applier-" + NAMESPACE));
        assertThat(verbs(rules, "rbac.authorization.k8s.io", "clusterrolebindings"))
                .as("it still deletes the bindings of configurations made before").containsExactlyInAnyOrder("list",
                        "watch", "delete");
        assertThat(off.container("fluxconfig-controller").getEnv())
                .anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue())
                        .isEqualTo("FLUXCONFIG_CONTROLLER_TENANCY_CLUSTER_SCOPE=false"));
    }

    @Test
    void reservedNamespacesMayBeGivenAsOneString() {
        assertThat(render(Map.of("tenancy.reservedNamespaces", "kube-system")).container("fluxconfig-controller").getEnv())
                .extracting(e -> e.getName() + "=" + e.getValue())
                .contains("FLUXCONFIG_CONTROLLER_TENANCY_RESERVED_NAMESPACES=kube-system," + NAMESPACE);
    }

    @Test
    void theNamespaceApplierRoleIsBoundByNothingInTheChartAndTheControllerLearnsReservedNamespaces() {
        RenderedChart rendered = FluxConfigChart.renderWithValues("tenancy:\n  reservedNamespaces: [kube-*, ops]\n"
                + "  honourSelector: app.kubernetes.io/managed-by=fluxconfig-agent\n");

        ClusterRole tenant = rendered.clusterRole("fluxconfig-namespace-applier-" + NAMESPACE);
        assertThat(tenant.getRules()).singleElement().satisfies(r -> assertThat(r.getVerbs()).containsExactly("*"));
        assertThat(rendered.objects()).filteredOn(o -> o instanceof ClusterRoleBinding)
                .extracting(o -> ((ClusterRoleBinding) o).getRoleRef().getName())
                .doesNotContain("fluxconfig-namespace-applier-" + NAMESPACE);
        assertThat(rendered.container("fluxconfig-controller").getEnv()).extracting(e -> e.getName() + "=" + e.getValue())
                .contains("FLUXCONFIG_CONTROLLER_TENANCY_RESERVED_NAMESPACES=kube-*,ops," + NAMESPACE,
                        "FLUXCONFIG_CONTROLLER_TENANCY_NAMESPACE_ROLE=fluxconfig-namespace-applier-" + NAMESPACE,
                        "FLUXCONFIG_CONTROLLER_TENANCY_HONOUR_SELECTOR=app.kubernetes.io/managed-by=fluxconfig-agent");
    }

    // ----------------------------------------------------------------------- seed settings, one test per key

    @ParameterizedTest(name = "{0}.enabled=false removes it")
    @ValueSource(strings = {"source-controller", "helm-controller", "kustomize-controller", "notification-controller"})
    void controllersOnByDefaultCanBeSwitchedOff(String controller) {
        RenderedChart off = render(Map.of(controller + ".enabled", "false"));

        assertThat(render().deploymentNames()).contains(controller);
        assertThat(off.deploymentNames()).doesNotContain(controller).contains("fluxconfig-agent", "fluxconfig-controller");
        assertThat(off.find(ServiceAccount.class, controller)).isEmpty();
        assertThat(off.find(ClusterRole.class, controller + "-" + NAMESPACE)).isEmpty();
        assertThat(off.find(Service.class, controller)).isEmpty();
    }

    @ParameterizedTest(name = "{0}.enabled=true installs it")
    @ValueSource(strings = {"image-automation-controller", "image-reflector-controller"})
    void imageControllersOffByDefaultCanBeSwitchedOn(String controller) {
        assertThat(render().deploymentNames()).doesNotContain(controller);

        RenderedChart on = render(Map.of(controller + ".enabled", "true"));
        assertThat(on.deploymentNames()).contains(controller);
        on.serviceAccount(controller);
        on.clusterRole(controller + "-" + NAMESPACE);
    }

    @Test
    void switchesGivenAsStringsWorkLikeBooleans() {
        RenderedChart rendered = FluxConfigChart.renderWithValues("""
                source-controller: {enabled: "false"}
                image-reflector-controller: {enabled: "true"}
                multiTenancy: {enforce: "false"}
                """);

        assertThat(rendered.deploymentNames()).doesNotContain("source-controller").contains("image-reflector-controller");
        assertThat(rendered.args("kustomize-controller")).doesNotContain("--no-cross-namespace-refs=true");
    }

    @Test
    void notificationControllerOffMeansNoEventsAddress() {
        RenderedChart on = render();
        RenderedChart off = render(Map.of("notification-controller.enabled", "false"));

        assertThat(on.args("kustomize-controller"))
                .contains("--events-addr=http://notification-controller.flux-system.svc.cluster.local./");
        for (String c : List.of("source-controller", "kustomize-controller", "helm-controller")) {
            assertThat(off.args(c)).as(c).noneMatch(a -> a.startsWith("--events-addr"));
        }
    }

    @Test
    void multiTenancyEnforceIsOnByDefaultAndLocksDownTheAppliers() {
        RenderedChart on = render(everythingOn());

        for (String c : List.of("kustomize-controller", "helm-controller")) {
            assertThat(on.args(c)).as(c).contains("--no-cross-namespace-refs=true",
                    "--default-service-account=flux-applier");
            assertThat(on.find(ClusterRoleBinding.class, c + "-cluster-admin-" + NAMESPACE)).as(c).isEmpty();
            assertThat(verbs(on.clusterRole(c + "-" + NAMESPACE).getRules(), "", "serviceaccounts")).as(c)
                    .contains("impersonate");
        }
        for (String c : List.of("notification-controller", "image-automation-controller", "image-reflector-controller")) {
            assertThat(on.args(c)).as(c).contains("--no-cross-namespace-refs=true");
        }
        assertThat(on.env("fluxconfig-controller")).containsEntry("FLUXCONFIG_CONTROLLER_MULTI_TENANCY_ENFORCE", "true");
    }

    @Test
    void multiTenancyEnforceFalseOptsOut() {
        RenderedChart off = render(with(everythingOn(), "multiTenancy.enforce", "false"));

        for (String c : FLUX_CONTROLLERS) {
            assertThat(off.args(c)).as(c).noneMatch(a -> a.startsWith("--no-cross-namespace-refs")
                    || a.startsWith("--default-service-account"));
        }
        for (String c : List.of("kustomize-controller", "helm-controller")) {
            ClusterRoleBinding admin = off.clusterRoleBinding(c + "-cluster-admin-" + NAMESPACE);
            assertThat(admin.getRoleRef().getName()).isEqualTo("cluster-admin");
            assertThat(admin.getSubjects()).singleElement().satisfies(s -> assertThat(s.getName()).isEqualTo(c));
        }
        assertThat(off.env("fluxconfig-controller")).containsEntry("FLUXCONFIG_CONTROLLER_MULTI_TENANCY_ENFORCE", "false");
    }

    @Test
    void useKubeletIdentityTellsTheAzureFacingControllers() {
        RenderedChart off = render(everythingOn());
        RenderedChart on = render(with(with(everythingOn(), "useKubeletIdentity", "true"), "kubeletIdentity.clientId",
                "kubelet-mi-client"));

        for (String c : List.of("source-controller", "kustomize-controller", "image-reflector-controller")) {
            assertThat(off.env(c)).as(c).doesNotContainKeys("USE_KUBELET_IDENTITY", "AZURE_CLIENT_ID");
            assertThat(on.env(c)).as(c).containsEntry("USE_KUBELET_IDENTITY", "true")
                    .containsEntry("AZURE_CLIENT_ID", "kubelet-mi-client");
        }
        for (String c : List.of("helm-controller", "notification-controller", "image-automation-controller")) {
            assertThat(on.env(c)).as(c).doesNotContainKey("USE_KUBELET_IDENTITY");
        }
    }

    @Test
    void workloadIdentityEnableLabelsThePodsAndAnnotatesTheServiceAccountsTheSeedNames() {
        RenderedChart on = render(with(with(everythingOn(), "workloadIdentity.enable", "true"),
                "workloadIdentity.azureClientId", "11111111-2222-3333-4444-555555555555"));
        List<String> federated = List.of("source-controller", "kustomize-controller", "image-reflector-controller",
                "fluxconfig-agent");

        for (String c : federated) {
            assertThat(on.podLabels(c)).as(c).containsEntry("azure.workload.identity/use", "true");
            assertThat(on.serviceAccountAnnotations(c)).as(c).containsEntry("azure.workload.identity/client-id",
                    "11111111-2222-3333-4444-555555555555");
        }
        for (String c : List.of("helm-controller", "notification-controller", "image-automation-controller",
                "fluxconfig-controller")) {
            assertThat(on.podLabels(c)).as(c).doesNotContainKey("azure.workload.identity/use");
            assertThat(on.serviceAccountAnnotations(c)).as(c).doesNotContainKey("azure.workload.identity/client-id");
        }
        assertThat(on.env("fluxconfig-agent")).containsEntry("FLUXCONFIG_AGENT_AUTH_MODE", "workload-identity")
                .containsEntry("FLUXCONFIG_AGENT_AUTH_CLIENT_ID", "11111111-2222-3333-4444-555555555555")
                .containsEntry("FLUXCONFIG_AGENT_AUTH_FEDERATED_TOKEN_FILE",
                        "/var/run/secrets/azure/tokens/azure-identity-token");
        assertThat(render().podLabels("source-controller")).doesNotContainKey("azure.workload.identity/use");
    }

    @Test
    void workloadIdentityAzureTenantIdAnnotatesTheServiceAccountsAndReachesTheAgent() {
        Map<String, Object> sets = new HashMap<>();
        sets.put("workloadIdentity.enable", "true");
        sets.put("workloadIdentity.azureClientId", "client-1");
        sets.put("workloadIdentity.azureTenantId", "tenant-1");
        RenderedChart on = render(sets);

        assertThat(on.serviceAccountAnnotations("source-controller")).containsEntry("azure.workload.identity/tenant-id",
                "tenant-1");
        assertThat(on.env("fluxconfig-agent")).containsEntry("FLUXCONFIG_AGENT_AUTH_TENANT_ID", "tenant-1");
    }

    @Test
    void sourceControllerFeatureGatesArePassedThrough() {
        assertThat(render().args("source-controller")).noneMatch(a -> a.startsWith("--feature-gates"));
        assertThat(render(Map.of("source-controller.featureGates", "ObjectLevelWorkloadIdentity=true"))
                .args("source-controller")).contains("--feature-gates=ObjectLevelWorkloadIdentity=true");
    }

    @Test
    void helmControllerDetectDriftTurnsOnTheDriftFeatureGate() {
        assertThat(render().args("helm-controller")).noneMatch(a -> a.startsWith("--feature-gates"));
        assertThat(render(Map.of("helm-controller.detectDrift", "true")).args("helm-controller"))
                .contains("--feature-gates=DetectDrift=true");
    }

    @Test
    void helmControllerOutOfMemoryWatchEnabledTurnsOnTheWatchWithSeedDefaults() {
        assertThat(render().args("helm-controller")).noneMatch(a -> a.startsWith("--oom-watch"));
        assertThat(render(Map.of("helm-controller.outOfMemoryWatch.enabled", "true")).args("helm-controller"))
                .contains("--feature-gates=OOMWatch=true", "--oom-watch-memory-threshold=95",
                        "--oom-watch-interval=500ms");
    }

    @Test
    void helmControllerOutOfMemoryWatchMemoryThresholdAndIntervalAreUsed() {
        RenderedChart rendered = render(Map.of("helm-controller.outOfMemoryWatch.enabled", "true",
                "helm-controller.outOfMemoryWatch.memoryThreshold", "80", "helm-controller.outOfMemoryWatch.interval",
                "2s", "helm-controller.detectDrift", "true"));

        assertThat(rendered.args("helm-controller")).contains("--oom-watch-memory-threshold=80", "--oom-watch-interval=2s",
                "--feature-gates=DetectDrift=true,OOMWatch=true");
    }

    @Test
    void kustomizeControllerStrictSubstitutionModeTurnsOnStrictPostBuildSubstitutions() {
        assertThat(render().args("kustomize-controller")).noneMatch(a -> a.startsWith("--feature-gates"));
        assertThat(render(Map.of("kustomize-controller.strict-substitution-mode", "true")).args("kustomize-controller"))
                .contains("--feature-gates=StrictPostBuildSubstitutions=true");
    }

    @Test
    void kustomizeControllerConcurrentSetsTheWorkerCount() {
        assertThat(render().args("kustomize-controller")).contains("--concurrent=4");
        assertThat(render(Map.of("kustomize-controller.concurrent", "6")).args("kustomize-controller"))
                .contains("--concurrent=6").doesNotContain("--concurrent=4");
    }

    @Test
    void kustomizeControllerRequeueDependencySetsTheRetryInterval() {
        assertThat(render().args("kustomize-controller")).contains("--requeue-dependency=30s");
        assertThat(render(Map.of("kustomize-controller.requeue-dependency", "5s")).args("kustomize-controller"))
                .contains("--requeue-dependency=5s");
    }

    @Test
    void kustomizeControllerEnableInMemoryBuildPutsTmpInMemory() {
        assertThat(tmpVolume(render()).getEmptyDir().getMedium()).isNullOrEmpty();
        assertThat(tmpVolume(render(Map.of("kustomize-controller.enable-in-memory-build", "true"))).getEmptyDir()
                .getMedium()).isEqualTo("Memory");
    }

    private static Volume tmpVolume(RenderedChart rendered) {
        String mount = rendered.container("kustomize-controller").getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals("/tmp")).findFirst().orElseThrow().getName();
        return rendered.pod("kustomize-controller").getVolumes().stream().filter(v -> v.getName().equals(mount))
                .findFirst().orElseThrow();
    }

    static Stream<Arguments> resourceKeys() {
        List<Arguments> keys = new ArrayList<>();
        for (String component : ALL_COMPONENTS) {
            keys.add(Arguments.of(component, "limits", "memory", "321Mi"));
            keys.add(Arguments.of(component, "limits", "cpu", "321m"));
            keys.add(Arguments.of(component, "requests", "memory", "41Mi"));
            keys.add(Arguments.of(component, "requests", "cpu", "7m"));
        }
        return keys.stream();
    }

    @ParameterizedTest(name = "{0}.resources.{1}.{2}={3}")
    @MethodSource("resourceKeys")
    void resourcesOfEveryComponentAreSettings(String component, String kind, String resource, String value) {
        RenderedChart rendered = render(with(everythingOn(), component + ".resources." + kind + "." + resource, value));

        var resources = rendered.container(component).getResources();
        assertThat(kind.equals("limits") ? resources.getLimits() : resources.getRequests()).containsEntry(resource,
                new Quantity(value));
    }

    @ParameterizedTest(name = "{0}.log-level=debug")
    @ValueSource(strings = {"source-controller", "kustomize-controller", "helm-controller", "notification-controller",
            "image-automation-controller", "image-reflector-controller"})
    void fluxControllerLogLevelIsTheLogLevelFlag(String controller) {
        RenderedChart defaults = render(everythingOn());
        RenderedChart debug = render(with(everythingOn(), controller + ".log-level", "debug"));

        assertThat(defaults.args(controller)).contains("--log-level=info");
        assertThat(debug.args(controller)).contains("--log-level=debug").doesNotContain("--log-level=info");
    }

    @ParameterizedTest(name = "{0}.log-level")
    @ValueSource(strings = {"fluxconfig-agent", "fluxconfig-controller"})
    void ourLogLevelBecomesQuarkusLogLevel(String app) {
        assertThat(render(Map.of(app + ".log-level", "error")).env(app)).containsEntry("QUARKUS_LOG_LEVEL", "ERROR");
        assertThat(render(Map.of(app + ".log-level", "debug")).env(app)).containsEntry("QUARKUS_LOG_LEVEL", "DEBUG");
        assertThatThrownBy(() -> render(Map.of(app + ".log-level", "verbose")))
                .hasMessageContaining(app + ".log-level must be info, error or debug");
    }

    @ParameterizedTest(name = "{0}.ssh-host-key-args")
    @ValueSource(strings = {"source-controller", "image-automation-controller"})
    void sshHostKeyArgsAreAddedToTheController(String controller) {
        RenderedChart rendered = render(with(everythingOn(), controller + ".ssh-host-key-args",
                "--ssh-hostkey-algos=rsa-sha2-512,rsa-sha2-256"));

        assertThat(render(everythingOn()).args(controller)).noneMatch(a -> a.startsWith("--ssh-hostkey-algos"));
        assertThat(rendered.args(controller)).contains("--ssh-hostkey-algos=rsa-sha2-512,rsa-sha2-256");
    }

    @Test
    void setKubeServiceHostFqdnAnnotatesEveryPod() {
        RenderedChart off = render(everythingOn());
        RenderedChart on = render(with(everythingOn(), "setKubeServiceHostFqdn", "true"));

        assertThat(on.deploymentNames()).hasSize(8);
        for (String d : on.deploymentNames()) {
            assertThat(off.podAnnotations(d)).as(d).doesNotContainKey("kubernetes.azure.com/set-kube-service-host-fqdn");
            assertThat(on.podAnnotations(d)).as(d).containsEntry("kubernetes.azure.com/set-kube-service-host-fqdn", "true");
        }
    }

    @Test
    void sourceControllerServesArtifactsThroughItsService() {
        RenderedChart rendered = render();

        Service service = rendered.get(Service.class, "source-controller");
        assertThat(service.getSpec().getSelector()).containsEntry("app.kubernetes.io/name", "source-controller");
        assertThat(rendered.args("source-controller"))
                .contains("--storage-adv-addr=source-controller.$(RUNTIME_NAMESPACE).svc.cluster.local.");
        assertThat(rendered.container("source-controller").getPorts()).anySatisfy(p -> assertThat(p.getName())
                .isEqualTo(service.getSpec().getPorts().get(0).getTargetPort().getStrVal()));
    }
}
