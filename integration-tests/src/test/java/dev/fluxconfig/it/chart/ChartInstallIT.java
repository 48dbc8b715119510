package dev.fluxconfig.it.chart;

import static dev.fluxconfig.it.chart.FluxConfigChart.NAMESPACE;
import static dev.fluxconfig.it.chart.FluxConfigChart.RELEASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.Release;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import dev.fluxconfig.model.FluxConfigConstants;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.testing.RealKubeServer;
import dev.fluxconfig.testing.TestConfigs;

/**
 * {@code helm install} of the extension chart into a real, empty API server (the fresh-cluster case), then
 * {@code helm uninstall}. Pods never run there (no kubelet), so the install does not wait for readiness; what is checked
 * is that the server accepts every object, that the chart creates the FluxConfig CRD, and that the RBAC it installs
 * gives each component what the contract says, as the server's own RBAC authorizer decides.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChartInstallIT {

    /** Every component on, so every template reaches the server. */
    private static final Map<String, String> VALUES = Map.of("image-automation-controller.enabled", "true",
            "image-reflector-controller.enabled", "true");

    private static RealKubeServer server;
    private static KubernetesClient client;
    private static List<HasMetadata> expected;

    @BeforeAll
    static void startEmptyServer() {
        server = RealKubeServer.empty("chart");
        client = server.client();
        expected = FluxConfigChart.render(VALUES).objects();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void installCreatesTheCrdAndEveryObjectOfTheChart() {
        assertThat(client.apiextensions().v1().customResourceDefinitions().withName(FluxConfigConstants.CRD_NAME).get())
                .as("the server starts without the FluxConfig CRD").isNull();

        Release release = installCommand().call();

        assertThat(release.getStatus()).isEqualTo("deployed");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(crdEstablished()).isTrue());
        assertThat(client.apps().deployments().inNamespace(NAMESPACE).list().getItems())
                .extracting(d -> d.getMetadata().getName()).containsExactlyInAnyOrder("fluxconfig-agent",
                        "fluxconfig-controller", "source-controller", "kustomize-controller", "helm-controller",
                        "notification-controller", "image-automation-controller", "image-reflector-controller");
        assertThat(client.serviceAccounts().inNamespace(NAMESPACE).list().getItems())
                .extracting(sa -> sa.getMetadata().getName()).contains("fluxconfig-agent", "fluxconfig-controller",
                        "source-controller", "kustomize-controller", "helm-controller", "notification-controller",
                        "image-automation-controller", "image-reflector-controller");
        for (HasMetadata object : expected) {
            assertThat(client.resource(object).get()).as(describe(object) + " on the server").isNotNull();
        }
        assertThat(kinds(ClusterRole.class)).as("one per component and the namespace applier role").hasSize(9);
        assertThat(kinds(ClusterRoleBinding.class)).hasSize(8);
        assertThat(kinds(Role.class)).hasSize(2);
        assertThat(kinds(RoleBinding.class)).hasSize(2);
    }

    @Test
    @Order(2)
    void theInstalledCrdServesFluxConfigs() {
        String ns = "chart-install-" + Long.toHexString(System.nanoTime());
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                .create();

        FluxConfig created = client.resources(FluxConfig.class).inNamespace(ns)
                .resource(TestConfigs.tutorial("cluster-config", ns)).create();

        assertThat(created.getMetadata().getUid()).isNotBlank();
        assertThat(created.getSpec().getKustomizations()).hasSize(2);
        client.namespaces().withName(ns).delete();
    }

    @Test
    @Order(3)
    void installedRbacGivesEachComponentWhatTheContractSaysAndNoMore() {
        String controller = "system:serviceaccount:" + NAMESPACE + ":fluxconfig-controller";
        String agent = "system:serviceaccount:" + NAMESPACE + ":fluxconfig-agent";

        assertThat(allowed(controller, "create", "kustomize.toolkit.fluxcd.io", "kustomizations", "team-a")).isTrue();
        assertThat(allowed(controller, "patch", "clusterconfig.azure.com", "fluxconfigs/status", "team-a")).isTrue();
        assertThat(allowed(controller, "bind", "rbac.authorization.k8s.io", "clusterroles", null))
                .as("bind on named roles only").isFalse();
        assertThat(allowed(controller, "create", "rbac.authorization.k8s.io", "clusterrolebindings", null)).isTrue();
        assertThat(allowed(controller, "patch", "coordination.k8s.io", "leases", NAMESPACE)).isTrue();
        assertThat(allowed(controller, "patch", "coordination.k8s.io", "leases", "team-a")).isFalse();
        assertThat(allowed(controller, "delete", "", "namespaces", null)).isFalse();

        assertThat(allowed(agent, "create", "clusterconfig.azure.com", "fluxconfigs", "team-a")).isTrue();
        assertThat(allowed(agent, "create", "", "secrets", "team-a")).isTrue();
        assertThat(allowed(agent, "create", "", "namespaces", null)).isTrue();
        assertThat(allowed(agent, "update", "clusterconfig.azure.com", "fluxconfigs/status", "team-a")).isFalse();
        assertThat(allowed(agent, "create", "kustomize.toolkit.fluxcd.io", "kustomizations", "team-a")).isFalse();
        assertThat(allowed(agent, "create", "rbac.authorization.k8s.io", "rolebindings", "team-a")).isFalse();

        String kustomize = "system:serviceaccount:" + NAMESPACE + ":kustomize-controller";
        assertThat(allowed(kustomize, "impersonate", "", "serviceaccounts", "team-a")).isTrue();
        assertThat(allowed(kustomize, "create", "apps", "deployments", "team-a"))
                .as("under multi-tenancy kustomize-controller applies only as flux-applier").isFalse();
    }

    @Test
    @Order(4)
    void controllerCanReallyGrantAnApplierItsScopeAndTheAgentCannot() {
        String ns = "tenant-" + Long.toHexString(System.nanoTime());
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                .create();
        ServiceAccount applier = new ServiceAccountBuilder().withNewMetadata().withName("flux-applier-x").withNamespace(ns)
                .endMetadata().build();
        Role everything = new RoleBuilder().withNewMetadata().withName("flux-applier").withNamespace(ns).endMetadata()
                .addNewRule().withApiGroups("*").withResources("*").withVerbs("*").endRule().build();
        RoleBinding namespaceGrant = new RoleBindingBuilder().withNewMetadata().withName("flux-applier.x").withNamespace(ns)
                .endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole",
                        "fluxconfig-namespace-applier-" + NAMESPACE)
                .addNewSubject().withKind("ServiceAccount").withName("flux-applier-x").withNamespace(ns).endSubject()
                .build();
        ClusterRoleBinding clusterGrant = new ClusterRoleBindingBuilder().withNewMetadata()
                .withName("flux-applier." + ns + ".x").endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin").addNewSubject()
                .withKind("ServiceAccount").withName("flux-applier-x").withNamespace(ns).endSubject().build();

        // The API server refuses a Role or binding granting more than its creator holds unless it may escalate/bind.
        try (KubernetesClient agent = server.clientAs(NAMESPACE, "fluxconfig-agent")) {
            assertThatThrownBy(() -> agent.resource(everything).create()).isInstanceOf(KubernetesClientException.class)
                    .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
            assertThatThrownBy(() -> agent.resource(clusterGrant).create()).isInstanceOf(KubernetesClientException.class)
                    .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
        }
        try (KubernetesClient controller = server.clientAs(NAMESPACE, "fluxconfig-controller")) {
            assertThatThrownBy(() -> controller.resource(everything).create())
                    .as("no escalate: the controller writes no Role").isInstanceOf(KubernetesClientException.class)
                    .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
            controller.resource(applier).create();
            controller.resource(namespaceGrant).create();
            controller.resource(clusterGrant).create();
            controller.resource(clusterGrant).delete();
        }
        assertThat(client.rbac().roleBindings().inNamespace(ns).withName("flux-applier.x").get()).isNotNull();
        client.namespaces().withName(ns).delete();
    }

    @Test
    @Order(5)
    void uninstallRemovesEverythingButTheCrd() {
        String out = Helm.uninstall(RELEASE).withNamespace(NAMESPACE).withKubeConfig(server.kubeconfig()).call();

        assertThat(out).contains(RELEASE);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (HasMetadata object : expected) {
                assertThat(client.resource(object).get()).as(describe(object) + " after uninstall").isNull();
            }
        });
        assertThat(client.apps().deployments().inNamespace(NAMESPACE).list().getItems()).isEmpty();
        assertThat(client.serviceAccounts().inNamespace(NAMESPACE).list().getItems())
                .extracting(ServiceAccount::getMetadata).extracting(m -> m.getName()).containsOnly("default");
        assertThat(Helm.list().withNamespace(NAMESPACE).withKubeConfig(server.kubeconfig()).call()).isEmpty();
        assertThat(crdEstablished()).as("Helm never deletes crds/ (that would delete every FluxConfig)").isTrue();
    }

    private static InstallCommand installCommand() {
        InstallCommand install = FluxConfigChart.helm().install().withName(RELEASE)
                .withNamespace(NAMESPACE).createNamespace().withKubeConfig(server.kubeconfig());
        VALUES.forEach(install::set);
        return install;
    }

    private static boolean crdEstablished() {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                .withName(FluxConfigConstants.CRD_NAME).get();
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions().stream()
                .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static <T extends HasMetadata> List<T> kinds(Class<T> type) {
        return expected.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static String describe(HasMetadata o) {
        return o.getKind() + "/" + o.getMetadata().getName();
    }

    private static boolean allowed(String user, String verb, String group, String resource, String namespace) {
        String[] parts = resource.split("/", 2);
        SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec().withUser(user)
                .withGroups("system:serviceaccounts", "system:serviceaccounts:" + NAMESPACE, "system:authenticated")
                .withNewResourceAttributes().withVerb(verb).withGroup(group).withResource(parts[0])
                .withSubresource(parts.length > 1 ? parts[1] : null).withNamespace(namespace).endResourceAttributes()
                .endSpec().build();
        return client.authorization().v1().subjectAccessReview().create(review).getStatus().getAllowed();
    }
}
