package dev.fluxconfig.controller;

import static dev.fluxconfig.controller.ControllerTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.status.ComplianceState;
import dev.fluxconfig.model.v1alpha1.status.ProvisioningState;
import dev.fluxconfig.testing.TestConfigs;

/** The Ready condition's lastTransitionTime moves only when its status does, on the deletion path too. */
@QuarkusTest
@QuarkusTestResource(value = RealKubeTestResource.class, restrictToAnnotatedClass = false)
class TransitionTimeIT {

    static final String FLUX_FINALIZER = "finalizers.fluxcd.io";

    @Inject
    KubernetesClient client;

    static Condition ready(FluxConfig c) {
        return c.getStatus().getConditions().stream().filter(x -> "Ready".equals(x.getType())).findFirst().orElseThrow();
    }

    @Test
    void deletingKeepsTheTimeReadyTurnedFalse() {
        String ns = namespace(client, "transition");
        client.resource(TestConfigs.tutorial("cfg", ns)).create();
        FluxConfig pending = awaitConfig(client, ns, "cfg", c -> c.getStatus() != null
                && c.getStatus().getComplianceState() == ComplianceState.PENDING && !c.getStatus().getConditions().isEmpty()
                && client.resources(Kustomization.class).inNamespace(ns).withName("cfg-apps").get() != null);
        assertThat(ready(pending).getStatus()).isEqualTo("False");
        String turnedFalse = ready(pending).getLastTransitionTime();
        assertThat(turnedFalse).isNotNull();
        // as kustomize-controller does, hold a Kustomization until it has pruned: deletion is rewritten while it waits
        edit(client, Kustomization.class, ns, "cfg-apps", k -> {
            k.getMetadata().setFinalizers(List.of(FLUX_FINALIZER));
            return k;
        });
        // transition times have a resolution of a second: let the clock pass it, so a renewed time would show
        Instant after = Instant.parse(turnedFalse).plusSeconds(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(after));

        client.resources(FluxConfig.class).inNamespace(ns).withName("cfg").delete();
        FluxConfig deleting = awaitConfig(client, ns, "cfg", c -> c.getStatus() != null
                && c.getStatus().getProvisioningState() == ProvisioningState.DELETING
                && ready(c).getMessage().contains("waiting for 1 generated objects"));
        assertThat(ready(deleting).getStatus()).isEqualTo("False");
        assertThat(ready(deleting).getReason()).isEqualTo("Deleting");
        assertThat(Instant.parse(deleting.getStatus().getStatusUpdatedAt())).isAfterOrEqualTo(after);
        assertThat(ready(deleting).getLastTransitionTime()).as("Ready was False before the deletion and stayed False")
                .isEqualTo(turnedFalse);

        edit(client, Kustomization.class, ns, "cfg-apps", k -> {
            k.getMetadata().setFinalizers(List.of());
            return k;
        });
        awaitValue(() -> get(client, ns, "cfg") == null, gone -> gone, client, ns, Duration.ofSeconds(60));
    }
}
