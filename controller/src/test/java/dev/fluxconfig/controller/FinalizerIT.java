package dev.fluxconfig.controller;

import static dev.fluxconfig.controller.ControllerTestSupport.*;
import static dev.fluxconfig.model.FluxConfigConstants.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.status.ComplianceState;
import dev.fluxconfig.testing.TestConfigs;

/**
 * The controller's finalizer: the agent and the CLI create FluxConfigs with it, and the controller does not write it
 * again; a FluxConfig made by hand without it gets it from the controller. Every version of the object is watched, so a
 * finalizer write by the controller shows as a version in which the controller's field manager owns the finalizers.
 */
@QuarkusTest
@QuarkusTestResource(value = RealKubeTestResource.class, restrictToAnnotatedClass = false)
class FinalizerIT {

    @Inject
    KubernetesClient client;

    /** Every version of the FluxConfigs of a namespace, as a watch delivers them. */
    static final class Versions implements Watcher<FluxConfig> {
        final List<FluxConfig> seen = new CopyOnWriteArrayList<>();

        @Override
        public void eventReceived(Action action, FluxConfig resource) {
            seen.add(resource);
        }

        @Override
        public void onClose(WatcherException cause) {
        }

        /** The versions in which the controller's field manager owns the finalizers. */
        List<String> finalizerWrites() {
            List<String> out = new ArrayList<>();
            for (FluxConfig c : seen) {
                for (ManagedFieldsEntry m : c.getMetadata().getManagedFields()) {
                    if (MANAGED_BY_CONTROLLER.equals(m.getManager())
                            && Serialization.asJson(m.getFieldsV1()).contains("\"f:finalizers\"")) {
                        out.add(c.getMetadata().getResourceVersion());
                    }
                }
            }
            return out;
        }
    }

    @Test
    void aFinalizerPresentFromTheStartIsNotWrittenAgain() {
        String ns = namespace(client, "finalizer");
        Versions versions = new Versions();
        try (Watch ignored = client.resources(FluxConfig.class).inNamespace(ns).watch(versions)) {
            FluxConfig config = TestConfigs.tutorial("cfg", ns);
            config.getMetadata().setFinalizers(new ArrayList<>(List.of(FINALIZER)));
            client.resource(config).create();

            awaitConfig(client, ns, "cfg", c -> c.getStatus() != null
                    && c.getStatus().getComplianceState() == ComplianceState.PENDING);
            // the status write came after the reconcile that would have added a missing finalizer
            awaitValue(() -> versions.seen.stream().anyMatch(c -> c.getStatus() != null), seen -> seen, client, ns,
                    java.time.Duration.ofSeconds(30));
            assertThat(versions.finalizerWrites()).as("versions with the finalizer written by the controller").isEmpty();
            assertThat(get(client, ns, "cfg").getMetadata().getFinalizers()).containsExactly(FINALIZER);
        }
    }

    @Test
    void aFluxConfigMadeByHandGetsTheFinalizer() {
        String ns = namespace(client, "byhand");
        Versions versions = new Versions();
        try (Watch ignored = client.resources(FluxConfig.class).inNamespace(ns).watch(versions)) {
            client.resource(TestConfigs.tutorial("cfg", ns)).create();

            FluxConfig done = awaitConfig(client, ns, "cfg", c -> c.getStatus() != null
                    && c.getStatus().getComplianceState() == ComplianceState.PENDING);
            assertThat(done.getMetadata().getFinalizers()).containsExactly(FINALIZER);
            // the same watch sees the controller's finalizer write: the check of the test above can fail
            awaitValue(versions::finalizerWrites, writes -> !writes.isEmpty(), client, ns,
                    java.time.Duration.ofSeconds(30));
        }
    }
}
