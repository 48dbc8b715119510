package dev.fluxconfig.controller.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.fluxconfig.controller.ChildKind;
import dev.fluxconfig.sandbox.fluxstandin.FluxStandIn;
import dev.fluxconfig.testing.RealKubeServer;
import dev.fluxconfig.testkit.AppProcess;
import dev.fluxconfig.testkit.Fleet;

/**
 * The API server goes away and comes back on the same port while the controller converges 200 configurations: first
 * kube-apiserver alone (etcd keeps running), then etcd and kube-apiserver together. The controller reconnects its watches,
 * misses nothing, duplicates nothing, and does not exit.
 */
class ApiServerRestartIT {

    static final int CONFIGS = 200;

    @Test
    void convergesThroughApiServerRestarts() throws Exception {
        try (RealKubeServer kube = RealKubeServer.dedicated("apiserver-restart")) {
            KubernetesClient client = kube.client();
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata()
                    .withName(ChartController.LEASE_NAMESPACE).endMetadata().build()).create();
            Fleet fleet = new Fleet("restart", CONFIGS, CONFIGS / 10, ChildKind.types()).finalizerByController();
            fleet.createNamespaces(client);
            Path log = Files.createDirectories(Path.of("target/resilience")).resolve("apiserver-restart-controller.log");
            Files.deleteIfExists(log);
            // leader election as in the chart, with a lease that outlives a restart on a busy machine: a replica that
            // cannot renew within the renew deadline exits on purpose, which is not what this test is about
            Map<String, String> env = Map.of("FLUXCONFIG_CONTROLLER_LEADER_ELECTION_LEASE_DURATION", "120s",
                    "FLUXCONFIG_CONTROLLER_LEADER_ELECTION_RENEW_DEADLINE", "90s");
            try (AppProcess controller = ChartController.start(kube.kubeconfig(), log, env);
                    FluxStandIn flux = FluxStandIn.builder(client).start()) {
                // Flux holds back half of the fleet: whatever the controller's speed, it is mid-way at the restart
                flux.holdBack(Fleet.generatedFor(i -> i >= CONFIGS / 2));
                fleet.create(client, 8, 0, CONFIGS);
                await("some configurations Compliant").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                        .until(() -> fleet.compliant(client) >= CONFIGS / 5);
                kube.restartApiServer(false);
                flux.holdBack(Fleet.generatedFor(i -> i >= CONFIGS * 3 / 4));
                await("more configurations Compliant").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                        .until(() -> fleet.compliant(client) >= CONFIGS / 2 + CONFIGS / 10);
                kube.restartApiServer(true);
                flux.holdBack(o -> false);

                try {
                    fleet.awaitConverged(client, Duration.ofMinutes(3));
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\n--- controller log: " + log.toAbsolutePath(), e);
                }
                assertThat(controller.isAlive()).as("the controller kept running (exit code %s; log %s)",
                        controller.exitCode(), log.toAbsolutePath()).isTrue();
                assertThat(controller.logText()).as("one start only").containsOnlyOnce("=== start");
            }
        }
    }
}
