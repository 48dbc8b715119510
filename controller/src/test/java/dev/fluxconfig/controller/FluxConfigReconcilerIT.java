package dev.fluxconfig.controller;

import static dev.fluxconfig.controller.ControllerTestSupport.*;
import static dev.fluxconfig.model.FluxConfigConstants.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.kustomize.ResourceRef;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.spec.KustomizationDefinition;
import dev.fluxconfig.model.v1alpha1.status.ComplianceState;
import dev.fluxconfig.model.v1alpha1.status.ObjectStatusCondition;
import dev.fluxconfig.model.v1alpha1.status.ObjectStatusDefinition;
import dev.fluxconfig.model.v1alpha1.status.ProvisioningState;
import dev.fluxconfig.sandbox.fluxstandin.ScriptedStatus;
import dev.fluxconfig.testing.TestConfigs;
import dev.fluxconfig.testing.TutorialChildren;

/**
 * The tutorial and its variations through the controller, on the real API server; the Flux objects' statuses are the ones
 * the tests script ({@link ScriptedStatus}, from the Flux stand-in).
 */
@QuarkusTest
@QuarkusTestResource(value = RealKubeTestResource.class, restrictToAnnotatedClass = false)
class FluxConfigReconcilerIT {

    @Inject
    KubernetesClient client;

    ScriptedStatus flux() {
        return new ScriptedStatus(client);
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String decodedData(Secret s, String key) {
        return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }

    @Test
    void tutorialGoesFromPendingToCompliant() {
        String ns = namespace(client, "tutorial");
        FluxConfig config = TestConfigs.tutorial("cluster-config", ns);
        client.resource(config).create();

        FluxConfig pending = awaitConfig(client, ns, "cluster-config",
                c -> c.getStatus() != null && c.getStatus().getComplianceState() == ComplianceState.PENDING);
        assertThat(pending.getStatus().getProvisioningState()).isEqualTo(ProvisioningState.SUCCEEDED);
        assertThat(pending.getStatus().getUrl()).isEqualTo(TestConfigs.TUTORIAL_URL);

        TutorialChildren.assertWritten(client, ns, config);

        // Flux marks everything ready; a HelmRelease shows up in the apps inventory
        flux().gitRepositoryReady(ns, "cluster-config");
        flux().kustomizationReady(ns, "cluster-config-infra");
        ResourceRef podinfo = flux().helmRelease(ns, "podinfo", ns, "cluster-config-apps");
        flux().kustomization(ns, "cluster-config-apps",
                ScriptedStatus.ready("True", "ReconciliationSucceeded", "Applied revision: " + ScriptedStatus.REVISION),
                List.of(podinfo));

        FluxConfig compliant = awaitConfig(client, ns, "cluster-config",
                c -> c.getStatus() != null && c.getStatus().getComplianceState() == ComplianceState.COMPLIANT
                        && c.getStatus().getStatuses().size() == 5);
        assertThat(compliant.getStatus().getSourceSyncedCommitId()).isEqualTo(ScriptedStatus.REVISION);
        assertThat(compliant.getStatus().getSourceUpdatedAt()).isEqualTo("2026-11-28T10:00:00Z");
        assertThat(compliant.getStatus().getObservedGeneration()).isEqualTo(compliant.getMetadata().getGeneration());
        assertThat(compliant.getStatus().getConditions()).singleElement()
                .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"));
        assertThat(compliant.getStatus().getStatuses()).extracting(ObjectStatusDefinition::getKind)
                .containsExactly("GitRepository", "Kustomization", "Kustomization", "HelmRelease", "HelmChart");
        assertThat(compliant.getStatus().getStatuses().get(4).getAppliedBy().getName()).isEqualTo("cluster-config-apps");
        ObjectStatusDefinition hr = compliant.getStatus().getStatuses().get(3);
        assertThat(hr.getName()).isEqualTo("podinfo");
        assertThat(hr.getAppliedBy().getName()).isEqualTo("cluster-config-apps");
        assertThat(hr.getComplianceState()).isEqualTo(ComplianceState.COMPLIANT);
        assertThat(hr.getHelmReleaseProperties().getLastRevisionApplied()).isEqualTo(3L);
        assertThat(hr.getHelmReleaseProperties().getInstallFailureCount()).isEqualTo(1L);
        assertThat(hr.getHelmReleaseProperties().getHelmChartRef().getName()).isEqualTo(ns + "-podinfo");
        // source-controller writes Ready and ArtifactInStorage; both are carried over
        assertThat(compliant.getStatus().getStatuses().get(0).getStatusConditions())
                .extracting(ObjectStatusCondition::getType).containsExactly("Ready", "ArtifactInStorage");
        assertThat(compliant.getStatus().getStatuses().get(0).getStatusConditions())
                .allSatisfy(c -> assertThat(c.getReason()).isEqualTo("Succeeded"));
    }

    @Test
    void aFailingChildMakesTheConfigNonCompliantAndSuspendSuspends() {
        String ns = namespace(client, "failing");
        client.resource(TestConfigs.tutorial("cfg", ns)).create();
        awaitConfig(client, ns, "cfg", c -> c.getStatus() != null && c.getStatus().getStatuses().size() == 3);
        flux().gitRepositoryReady(ns, "cfg");
        flux().kustomizationReady(ns, "cfg-infra");
        flux().kustomization(ns, "cfg-apps", ScriptedStatus.ready("False", "HealthCheckFailed", "timeout waiting for podinfo"),
                null);

        FluxConfig failing = awaitConfig(client, ns, "cfg",
                c -> c.getStatus().getComplianceState() == ComplianceState.NON_COMPLIANT);
        ObjectStatusDefinition apps = failing.getStatus().getStatuses().stream()
                .filter(s -> s.getName().equals("cfg-apps")).findFirst().orElseThrow();
        assertThat(apps.getComplianceState()).isEqualTo(ComplianceState.NON_COMPLIANT);
        assertThat(apps.getStatusConditions()).singleElement().satisfies(c -> {
            assertThat(c.getReason()).isEqualTo("HealthCheckFailed");
            assertThat(c.getMessage()).isEqualTo("timeout waiting for podinfo");
        });
        assertThat(failing.getStatus().getConditions().get(0).getMessage()).contains("cfg-apps").contains("HealthCheckFailed");

        edit(client, FluxConfig.class, ns, "cfg", c -> {
            c.getSpec().setSuspend(true);
            return c;
        });
        awaitConfig(client, ns, "cfg", c -> c.getStatus().getComplianceState() == ComplianceState.SUSPENDED);
        assertThat(client.resources(GitRepository.class).inNamespace(ns).withName("cfg").get().getSpec().getSuspend()).isTrue();
        assertThat(client.resources(Kustomization.class).inNamespace(ns).list().getItems())
                .hasSize(2).allSatisfy(k -> assertThat(k.getSpec().getSuspend()).isTrue());
    }

    @Test
    void editingOneKustomizationTouchesOnlyItAndRemovingOneDeletesIt() {
        String ns = namespace(client, "edits");
        FluxConfig config = TestConfigs.tutorial("cfg", ns);
        config.getSpec().getKustomizations().add(new KustomizationDefinition("extra", "./extra"));
        client.resource(config).create();
        awaitConfig(client, ns, "cfg", c -> c.getStatus() != null && c.getStatus().getStatuses().size() == 4);
        Map<String, String> before = resourceVersions(ns);

        edit(client, FluxConfig.class, ns, "cfg", c -> {
            c.getSpec().getKustomizations().get(1).setSyncIntervalInSeconds(120L);
            return c;
        });
        awaitValue(() -> client.resources(Kustomization.class).inNamespace(ns).withName("cfg-apps").get(),
                k -> "2m0s".equals(k.getSpec().getInterval()), client, ns, Duration.ofSeconds(30));
        Map<String, String> after = resourceVersions(ns);
        assertThat(after.get("Kustomization/cfg-apps")).isNotEqualTo(before.get("Kustomization/cfg-apps"));
        assertThat(after.get("Kustomization/cfg-infra")).isEqualTo(before.get("Kustomization/cfg-infra"));
        assertThat(after.get("Kustomization/cfg-extra")).isEqualTo(before.get("Kustomization/cfg-extra"));
        assertThat(after.get("GitRepository/cfg")).isEqualTo(before.get("GitRepository/cfg"));

        edit(client, FluxConfig.class, ns, "cfg", c -> {
            c.getSpec().getKustomizations().removeIf(k -> k.getName().equals("extra"));
            return c;
        });
        awaitValue(() -> client.resources(Kustomization.class).inNamespace(ns).list().getItems(),
                list -> list.stream().noneMatch(k -> k.getMetadata().getName().equals("cfg-extra")), client, ns,
                Duration.ofSeconds(30));
    }

    private Map<String, String> resourceVersions(String ns) {
        Map<String, String> rv = new java.util.TreeMap<>();
        client.resources(Kustomization.class).inNamespace(ns).list().getItems()
                .forEach(k -> rv.put("Kustomization/" + k.getMetadata().getName(), k.getMetadata().getResourceVersion()));
        client.resources(GitRepository.class).inNamespace(ns).list().getItems()
                .forEach(g -> rv.put("GitRepository/" + g.getMetadata().getName(), g.getMetadata().getResourceVersion()));
        return rv;
    }

    @Test
    void invalidConfigFailsWithTheFieldAndOthersConverge() {
        String ns = namespace(client, "invalid");
        FluxConfig bad = TestConfigs.tutorial("bad", ns);
        bad.getSpec().getKustomizations().get(1).setDependsOn(List.of("infa"));
        bad.getSpec().getGitRepository().setUrl("ftp://example.com/repo");
        client.resource(bad).create();
        client.resource(TestConfigs.tutorial("good", ns)).create();
        // the controller owns no spec field: the finalizer and status patches carry none
        awaitConfig(client, ns, "good", c -> c.getStatus() != null);
        assertThat(get(client, ns, "good").getMetadata().getManagedFields())
                .filteredOn(f -> f.getManager().equals(MANAGED_BY_CONTROLLER))
                .allSatisfy(f -> assertThat(f.getFieldsV1().getAdditionalProperties()).doesNotContainKey("f:spec"));

        FluxConfig failed = awaitConfig(client, ns, "bad",
                c -> c.getStatus() != null && c.getStatus().getProvisioningState() == ProvisioningState.FAILED);
        assertThat(failed.getStatus().getErrorMessage())
                .contains("kustomizations[apps].dependsOn: 'infa' is not a kustomization of this configuration")
                .contains("gitRepository.url");
        assertThat(failed.getStatus().getConditions().get(0).getReason()).isEqualTo("ValidationFailed");
        assertThat(client.resources(GitRepository.class).inNamespace(ns).withName("bad").get()).isNull();
        awaitValue(() -> client.v1().events().inNamespace(ns).list().getItems(),
                evs -> evs.stream().anyMatch(e -> "ValidationFailed".equals(e.getReason())
                        && e.getMessage().contains("gitRepository.url")),
                client, ns, Duration.ofSeconds(30));

        awaitConfig(client, ns, "good", c -> c.getStatus() != null
                && c.getStatus().getProvisioningState() == ProvisioningState.SUCCEEDED);
        assertThat(client.resources(GitRepository.class).inNamespace(ns).withName("good").get()).isNotNull();
    }

    @Test
    void namespaceScopeGetsANamespaceRoleOnly() {
        String ns = namespace(client, "nsscope");
        FluxConfig config = TestConfigs.tutorial("team", ns);
        config.getSpec().setScope(dev.fluxconfig.model.v1alpha1.spec.ScopeType.NAMESPACE);
        client.resource(config).create();
        awaitConfig(client, ns, "team", c -> c.getStatus() != null && c.getStatus().getProvisioningState() != null);
        RoleBinding rb = awaitValue(() -> client.rbac().roleBindings().inNamespace(ns).withName("flux-applier.team").get(),
                r -> true, client, ns, Duration.ofSeconds(30));
        assertThat(rb.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(rb.getRoleRef().getName()).isEqualTo("fluxconfig-namespace-applier-flux-system");
        assertThat(rb.getSubjects()).singleElement().satisfies(s -> assertThat(s.getName()).isEqualTo("flux-applier-team"));
        assertThat(client.rbac().roles().inNamespace(ns).list().getItems()).as("no Role is written").isEmpty();
        assertThat(client.rbac().clusterRoleBindings().withName("flux-applier." + ns + ".team").get()).isNull();
    }

    @Test
    void protectedSettingsSecretIsRead() {
        String ns = namespace(client, "https");
        client.resource(new SecretBuilder().withNewMetadata().withName("cfg-protected-parameters").withNamespace(ns)
                .addToLabels(LABEL_MANAGED_BY, MANAGED_BY_AGENT).endMetadata()
                .addToData(PS_HTTPS_KEY, b64(b64("my-pat"))).build()).create();
        FluxConfig config = TestConfigs.tutorial("cfg", ns);
        config.getSpec().getGitRepository().setHttpsUser("git-user");
        config.getSpec().getGitRepository().setHttpsCACert(b64("-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n"));
        client.resource(config).create();

        Secret auth = awaitValue(() -> client.secrets().inNamespace(ns).withName(authSecretName("cfg")).get(), s -> true,
                client, ns, Duration.ofSeconds(30));
        assertThat(decodedData(auth, "username")).isEqualTo("git-user");
        assertThat(decodedData(auth, "password")).isEqualTo("my-pat");
        assertThat(decodedData(auth, "ca.crt")).startsWith("-----BEGIN CERTIFICATE-----");
        // the auth Secret is applied before the source: the source may be a moment behind it
        GitRepository repo = awaitValue(() -> client.resources(GitRepository.class).inNamespace(ns).withName("cfg").get(),
                r -> true, client, ns, Duration.ofSeconds(30));
        assertThat(repo.getSpec().getSecretRef().getName()).isEqualTo(authSecretName("cfg"));
    }
}
