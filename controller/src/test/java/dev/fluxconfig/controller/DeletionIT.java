package dev.fluxconfig.controller;

import static dev.fluxconfig.controller.ControllerTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.status.ProvisioningState;
import dev.fluxconfig.testing.TestConfigs;

/** Deletion through the finalizer: progress while Flux still holds objects, and nothing left behind. */
@QuarkusTest
@QuarkusTestResource(value = RealKubeTestResource.class, restrictToAnnotatedClass = false)
class DeletionIT {

    static final String FLUX_FINALIZER = "finalizers.fluxcd.io";

    @Inject
    KubernetesClient client;

    boolean nothingGenerated(String ns, String config) {
        return client.resources(GitRepository.class).inNamespace(ns).list().getItems().isEmpty()
                && client.resources(Kustomization.class).inNamespace(ns).list().getItems().isEmpty()
                && client.rbac().clusterRoleBindings().withName("flux-applier." + ns + "." + config).get() == null;
    }

    @Test
    void deletingReportsProgressUntilFluxLetsGo() {
        String ns = namespace(client, "delete");
        client.resource(TestConfigs.tutorial("cfg", ns)).create();
        awaitValue(() -> client.resources(Kustomization.class).inNamespace(ns).withName("cfg-apps").get(), k -> true, client,
                ns, Duration.ofSeconds(30));
        // as kustomize-controller does, hold the Kustomization until it has pruned what it applied
        edit(client, Kustomization.class, ns, "cfg-apps", k -> {
            k.getMetadata().setFinalizers(List.of(FLUX_FINALIZER));
            return k;
        });

        client.resources(FluxConfig.class).inNamespace(ns).withName("cfg").delete();
        FluxConfig deleting = awaitConfig(client, ns, "cfg",
                c -> c.getStatus() != null && c.getStatus().getProvisioningState() == ProvisioningState.DELETING);
        assertThat(deleting.getStatus().getConditions().get(0).getMessage()).contains("Kustomization cfg-apps");
        assertThat(client.resources(GitRepository.class).inNamespace(ns).withName("cfg").get()).isNull();

        edit(client, Kustomization.class, ns, "cfg-apps", k -> {
            k.getMetadata().setFinalizers(List.of());
            return k;
        });
        awaitValue(() -> get(client, ns, "cfg") == null, gone -> gone, client, ns, Duration.ofSeconds(60));
        assertThat(nothingGenerated(ns, "cfg")).isTrue();
        assertThat(client.secrets().inNamespace(ns).withName("cfg-auth").get()).isNull();
    }

    @Test
    void deletionCompletesWhenObjectsWereRemovedByHand() {
        String ns = namespace(client, "byhand");
        client.resource(TestConfigs.tutorial("cfg", ns)).create();
        awaitConfig(client, ns, "cfg", c -> c.getStatus() != null && c.getStatus().getStatuses().size() == 3);
        client.resources(Kustomization.class).inNamespace(ns).withName("cfg-infra").delete();
        client.resources(GitRepository.class).inNamespace(ns).withName("cfg").delete();
        client.resources(FluxConfig.class).inNamespace(ns).withName("cfg").delete();
        awaitValue(() -> get(client, ns, "cfg") == null, gone -> gone, client, ns, Duration.ofSeconds(60));
        assertThat(nothingGenerated(ns, "cfg")).isTrue();
    }
}
