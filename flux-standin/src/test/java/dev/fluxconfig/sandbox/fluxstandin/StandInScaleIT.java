package dev.fluxconfig.sandbox.fluxstandin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;

import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.testing.RealKube;
import dev.fluxconfig.testing.TestNamespace;

/**
 * Many configurations at once (a source and two Kustomizations each, the second depending on the first): all become
 * Ready with a bounded number of API writes. Prints the time it took; no timing is asserted.
 */
@RealKube
class StandInScaleIT {

    static final int CONFIGS = 30;

    @Test
    void manyConfigurationsBecomeReadyWithBoundedWrites(KubernetesClient client, TestNamespace namespace) {
        String ns = namespace.name();
        try (FluxStandIn standIn = FluxStandIn.builder(client).namespaces(ns).finalizers(false).start()) {
            long start = System.nanoTime();
            for (int i = 0; i < CONFIGS; i++) {
                String name = "cfg-" + i;
                client.resource(Fixtures.gitRepository(ns, name, "https://github.com/example/repo-" + i, "main")).create();
                client.resource(Fixtures.kustomization(ns, name + "-apps", name, "./apps", name + "-infra")).create();
                client.resource(Fixtures.kustomization(ns, name + "-infra", name, "./infra")).create();
            }
            long created = System.nanoTime();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                    .until(() -> client.resources(Kustomization.class).inNamespace(ns).list().getItems().stream()
                            .filter(Fixtures::isReady).count() == 2L * CONFIGS);
            long ready = System.nanoTime();
            Fixtures.awaitIdle(standIn);
            FluxStandIn.Stats stats = standIn.stats();
            System.out.printf("%s %d configurations (%d objects): created in %d ms, all Ready %d ms after creation; "
                    + "%d reconciles, %d status writes, %d other writes, %d conflicts%n", FluxStandIn.LOG_PREFIX, CONFIGS,
                    3 * CONFIGS, (created - start) / 1_000_000, (ready - created) / 1_000_000, stats.reconciles(),
                    stats.statusWrites(), stats.objectWrites(), stats.conflicts());
            // one write per source and per infra, at most two per apps (waiting for infra, then Ready)
            assertThat(stats.statusWrites()).isBetween(3L * CONFIGS, 4L * CONFIGS);
            assertThat(stats.objectWrites()).as("generic paths create nothing").isZero();
        }
    }
}
