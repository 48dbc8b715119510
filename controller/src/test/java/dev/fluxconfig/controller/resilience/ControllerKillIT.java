package dev.fluxconfig.controller.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.fluxconfig.controller.ChildKind;
import dev.fluxconfig.sandbox.fluxstandin.FluxStandIn;
import dev.fluxconfig.testing.RealKubeServer;
import dev.fluxconfig.testkit.AppProcess;
import dev.fluxconfig.testkit.Fleet;

/**
 * The controller is killed with SIGKILL twice: while it applies the objects of 200 new configurations, and while
 * configurations are being deleted (Flux still holding some of their Kustomizations). Configurations are created and
 * deleted while it is down. After each restart everything converges, with no orphan, duplicate or stuck finalizer.
 */
class ControllerKillIT {

    static final int CONFIGS = 200;

    @Test
    void convergesAfterKillsMidApplyAndMidDeletion() throws Exception {
        try (RealKubeServer kube = RealKubeServer.dedicated("controller-kill")) {
            KubernetesClient client = kube.client();
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata()
                    .withName(ChartController.LEASE_NAMESPACE).endMetadata().build()).create();
            Fleet fleet = new Fleet("kill", CONFIGS, CONFIGS / 10, ChildKind.types()).finalizerByController();
            fleet.createNamespaces(client);
            Path log = Files.createDirectories(Path.of("target/resilience")).resolve("controller-kill-controller.log");
            Files.deleteIfExists(log);
            try (AppProcess controller = ChartController.start(kube.kubeconfig(), log, Map.of());
                    FluxStandIn flux = FluxStandIn.builder(client).start()) {
                // kill while it applies: half of the fleet exists, some of it applied
                fleet.create(client, 8, 0, CONFIGS / 2);
                await("the controller applying").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                        .until(() -> fleet.gitRepositories(client) >= CONFIGS / 10);
                controller.kill();
                // the other half appears while no controller runs
                fleet.create(client, 8, CONFIGS / 2, CONFIGS);
                controller.start();
                awaitConverged(client, fleet, CONFIGS, log);

                // kill while deleting: Flux lets go of the Kustomizations of even configurations only
                int deleted = CONFIGS / 4;
                flux.holdBack(Fleet.generatedFor(i -> i % 2 != 0));
                fleet.delete(client, 8, 0, deleted - 10);
                await("some deletions done").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                        .until(() -> IntStream.range(0, deleted - 10).filter(i -> !fleet.exists(client, i)).count() >= 5);
                controller.kill();
                // more deletions while no controller runs, then Flux lets go of everything
                fleet.delete(client, 8, deleted - 10, deleted);
                flux.holdBack(o -> false);
                controller.start();
                awaitConverged(client, fleet, CONFIGS - deleted, log);
                assertThat(IntStream.range(0, deleted).filter(i -> fleet.exists(client, i)).boxed().toList())
                        .as("deleted configurations")
                        .isEmpty();
                assertThat(controller.isAlive()).isTrue();
            }
        }
    }

    static void awaitConverged(KubernetesClient client, Fleet fleet, int configs, Path log) {
        assertThat(fleet.expected()).as("configurations the fleet expects").hasSize(configs);
        try {
            fleet.awaitConverged(client, Duration.ofMinutes(3));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n--- controller log: " + log.toAbsolutePath(), e);
        }
    }
}
