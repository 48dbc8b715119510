package dev.fluxconfig.controller;

import static dev.fluxconfig.controller.ControllerTestSupport.*;
import static dev.fluxconfig.model.FluxConfigConstants.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fluxconfig.controller.desired.ApplierRbacDesired;
import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.kustomize.KustomizationSpec;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.flux.source.GitRepositorySpec;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.spec.SecretRef;
import dev.fluxconfig.model.v1alpha1.status.ComplianceState;
import dev.fluxconfig.model.v1alpha1.status.ProvisioningState;
import dev.fluxconfig.testing.TestConfigs;

/**
 * The controller never takes over an object it did not generate for this configuration, and waits for the protected
 * settings the spec names instead of failing or generating a key; on the real API server.
 */
@QuarkusTest
@QuarkusTestResource(value = RealKubeTestResource.class, restrictToAnnotatedClass = false)
class OwnershipIT {

    @Inject
    KubernetesClient client;

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    GitRepository foreignRepository(String ns, String name) {
        GitRepository repo = new GitRepository();
        repo.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).addToLabels("team", "mine").build());
        GitRepositorySpec spec = new GitRepositorySpec();
        spec.setUrl("https://example.com/someone-else/repo");
        spec.setInterval("1m0s");
        repo.setSpec(spec);
        return client.resource(repo).create();
    }

    /** A Kustomization that forges the controller's labels but has no owner reference to the configuration. */
    Kustomization forgedKustomization(String ns, String name, String configName) {
        Kustomization k = new Kustomization();
        k.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns)
                .withLabels(Map.of(LABEL_MANAGED_BY, MANAGED_BY_CONTROLLER, LABEL_NAME, configName, LABEL_NAMESPACE, ns))
                .build());
        KustomizationSpec spec = new KustomizationSpec();
        spec.setPath("./someone-else");
        spec.setInterval("1m0s");
        spec.setPrune(false);
        var ref = new dev.fluxconfig.model.flux.common.CrossNamespaceSourceReference();
        ref.setKind("GitRepository");
        ref.setName("elsewhere");
        spec.setSourceRef(ref);
        k.setSpec(spec);
        return client.resource(k).create();
    }

    ClusterRoleBinding foreignBinding(String name, String ns) {
        return client.resource(new ClusterRoleBindingBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "view")
                .addNewSubject().withKind("ServiceAccount").withName("someone").withNamespace(ns).endSubject().build())
                .create();
    }

    static void assertUntouched(HasMetadata before, HasMetadata after) {
        assertThat(after).as("still there").isNotNull();
        assertThat(after.getMetadata().getResourceVersion()).as(before.getKind() + " not written")
                .isEqualTo(before.getMetadata().getResourceVersion());
        assertThat(after.getMetadata().getOwnerReferences()).isNullOrEmpty();
    }

    List<Event> warnings(String ns, String reason) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> "Warning".equals(e.getType()) && reason.equals(e.getReason())).toList();
    }

    @Test
    void objectsInTheWayAreReportedLeftAloneAndNotDeletedWithTheConfiguration() {
        String ns = namespace(client, "owned");
        FluxConfig config = TestConfigs.tutorial("cfg", ns);
        Kustomization forged = forgedKustomization(ns, "cfg-infra", "cfg");
        String bindingName = ApplierRbacDesired.clusterBindingName(config);
        ClusterRoleBinding binding = foreignBinding(bindingName, ns);
        client.resource(config).create();

        FluxConfig failed = awaitConfig(client, ns, "cfg", c -> c.getStatus() != null
                && c.getStatus().getProvisioningState() == ProvisioningState.FAILED);
        assertThat(failed.getStatus().getErrorMessage())
                .contains("Kustomization " + ns + "/cfg-infra exists and is not this configuration's")
                .contains("not controlled by FluxConfig cfg")
                .contains("ClusterRoleBinding " + bindingName + " exists and is not this configuration's")
                .contains("no label " + LABEL_MANAGED_BY);
        assertThat(failed.getStatus().getConditions().get(0).getReason()).isEqualTo("OwnershipConflict");
        awaitValue(() -> warnings(ns, "OwnershipConflict"), evs -> !evs.isEmpty(), client, ns, Duration.ofSeconds(30));

        // the configuration's other children still reconcile
        awaitValue(() -> client.resources(Kustomization.class).inNamespace(ns).withName("cfg-apps").get(), k -> true,
                client, ns, Duration.ofSeconds(30));
        assertThat(client.resources(GitRepository.class).inNamespace(ns).withName("cfg").get()).isNotNull();
        assertUntouched(forged, client.resources(Kustomization.class).inNamespace(ns).withName("cfg-infra").get());
        assertThat(client.resources(Kustomization.class).inNamespace(ns).withName("cfg-infra").get().getSpec().getPath())
                .isEqualTo("./someone-else");
        assertUntouched(binding, client.rbac().clusterRoleBindings().withName(binding.getMetadata().getName()).get());

        // deleting the configuration removes what it owns and nothing else
        client.resources(FluxConfig.class).inNamespace(ns).withName("cfg").delete();
        awaitValue(() -> get(client, ns, "cfg") == null, gone -> gone, client, ns, Duration.ofSeconds(60));
        assertThat(client.resources(Kustomization.class).inNamespace(ns).withName("cfg-apps").get()).isNull();
        assertThat(client.resources(GitRepository.class).inNamespace(ns).withName("cfg").get()).isNull();
        assertUntouched(forged, client.resources(Kustomization.class).inNamespace(ns).withName("cfg-infra").get());
        assertUntouched(binding, client.rbac().clusterRoleBindings().withName(binding.getMetadata().getName()).get());
        client.resource(binding).delete();
    }

    @Test
    void aForeignSourceHoldsBackTheKustomizationsUntilItIsGone() {
        String ns = namespace(client, "source");
        GitRepository foreign = foreignRepository(ns, "cfg");
        client.resource(TestConfigs.tutorial("cfg", ns)).create();

        FluxConfig failed = awaitConfig(client, ns, "cfg", c -> c.getStatus() != null
                && c.getStatus().getProvisioningState() == ProvisioningState.FAILED);
        assertThat(failed.getStatus().getErrorMessage())
                .contains("GitRepository " + ns + "/cfg exists and is not this configuration's");
        // a Kustomization would run what that source fetches, as this configuration's applier
        assertThat(client.resources(Kustomization.class).inNamespace(ns).list().getItems()).isEmpty();
        GitRepository after = client.resources(GitRepository.class).inNamespace(ns).withName("cfg").get();
        assertUntouched(foreign, after);
        assertThat(after.getSpec().getUrl()).isEqualTo("https://example.com/someone-else/repo");
        assertThat(after.getMetadata().getLabels()).containsExactly(Map.entry("team", "mine"));

        // once the owner of the object removes it, the configuration converges on its own
        client.resource(foreign).delete();
        awaitConfig(client, ns, "cfg", c -> c.getStatus().getProvisioningState() == ProvisioningState.SUCCEEDED);
        awaitValue(() -> client.resources(Kustomization.class).inNamespace(ns).list().getItems(), l -> l.size() == 2,
                client, ns, Duration.ofSeconds(30));
        assertThat(client.resources(GitRepository.class).inNamespace(ns).withName("cfg").get().getSpec().getUrl())
                .isEqualTo(TestConfigs.TUTORIAL_URL);
    }

    @Test
    void aNamedProtectedSecretNotYetWrittenIsAwaitedWithoutFailureOrGeneratedKey() {
        String ns = namespace(client, "awaits");
        FluxConfig config = TestConfigs.tutorial("cfg", ns);
        config.getSpec().getGitRepository().setUrl("ssh://git@gitlab.example.com/org/repo.git");
        config.getSpec().getGitRepository().setSshKnownHosts(b64(SourceKindsIT.KNOWN_HOSTS));
        config.getSpec().setProtectedSettingsSecretRef(new SecretRef(protectedSettingsSecretName("cfg")));
        client.resource(config).create();

        FluxConfig pending = awaitConfig(client, ns, "cfg", c -> c.getStatus() != null);
        assertThat(pending.getStatus().getComplianceState()).isEqualTo(ComplianceState.PENDING);
        assertThat(pending.getStatus().getProvisioningState()).isEqualTo(ProvisioningState.CREATING);
        assertThat(pending.getStatus().getConditions().get(0).getReason()).isEqualTo("WaitingForProtectedSettings");
        assertThat(pending.getStatus().getConditions().get(0).getMessage()).contains(ns + "/cfg-protected-parameters");
        // several resyncs (3 s in tests) pass: still no failure, no warning and no key of its own
        await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(20)).until(() -> {
            FluxConfig c = get(client, ns, "cfg");
            return c.getStatus().getProvisioningState() == ProvisioningState.CREATING
                    && c.getStatus().getRepositoryPublicKey() == null
                    && client.secrets().inNamespace(ns).withName(authSecretName("cfg")).get() == null
                    && client.v1().events().inNamespace(ns).list().getItems().isEmpty();
        });

        client.resource(new SecretBuilder().withNewMetadata().withName(protectedSettingsSecretName("cfg")).withNamespace(ns)
                .addToLabels(LABEL_MANAGED_BY, MANAGED_BY_AGENT).endMetadata()
                .addToData(PS_SSH_PRIVATE_KEY, b64(b64(SourceKindsIT.KEY_PEM))).build()).create();
        Secret auth = awaitValue(() -> client.secrets().inNamespace(ns).withName(authSecretName("cfg")).get(), s -> true,
                client, ns, Duration.ofSeconds(30));
        assertThat(new String(Base64.getDecoder().decode(auth.getData().get("identity")), StandardCharsets.UTF_8))
                .isEqualTo(SourceKindsIT.KEY_PEM);
        FluxConfig done = awaitConfig(client, ns, "cfg",
                c -> c.getStatus().getProvisioningState() == ProvisioningState.SUCCEEDED);
        assertThat(done.getStatus().getRepositoryPublicKey()).isNull();
        assertThat(warnings(ns, "ValidationFailed")).isEmpty();
    }
}
