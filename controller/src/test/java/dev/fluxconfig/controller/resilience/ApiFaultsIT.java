package dev.fluxconfig.controller.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.fluxconfig.controller.ChildKind;
import dev.fluxconfig.controller.ControllerTestSupport;
import dev.fluxconfig.controller.resilience.FaultProxy.Fault;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.sandbox.fluxstandin.FluxStandIn;
import dev.fluxconfig.testing.RealKubeServer;
import dev.fluxconfig.testkit.AppProcess;
import dev.fluxconfig.testkit.Fleet;

/**
 * The controller talks to the API server through {@link FaultProxy}: writes fail with 409 or 500/503 now and then, one
 * Kustomization cannot be written for longer than the client retries, watches are cut short. 200 configurations (20 of
 * them edited meanwhile) still converge, the controller says why it retries, and it never exits.
 */
class ApiFaultsIT {

    static final int CONFIGS = 200;

    @Test
    void convergesThroughInjectedApiErrors() throws Exception {
        try (RealKubeServer kube = RealKubeServer.dedicated("api-faults")) {
            KubernetesClient client = kube.client();
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata()
                    .withName(ChartController.LEASE_NAMESPACE).endMetadata().build()).create();
            Fleet fleet = new Fleet("faults", CONFIGS, CONFIGS / 10, ChildKind.types()).finalizerByController();
            fleet.createNamespaces(client);
            Path dir = Files.createDirectories(Path.of("target/resilience"));
            Path log = dir.resolve("api-faults-controller.log");
            Files.deleteIfExists(log);
            try (FaultProxy proxy = new FaultProxy(kube.kubeconfig(), 0.08, 0.10, 0.3, Duration.ofSeconds(25));
                    AppProcess controller = ChartController.start(
                            proxy.kubeconfig(dir.resolve("api-faults-kubeconfig")), log, Map.of());
                    FluxStandIn flux = FluxStandIn.builder(client).start()) {
                fleet.create(client, 8, 0, CONFIGS);
                for (int i = 0; i < CONFIGS; i += CONFIGS / 20) {
                    ControllerTestSupport.edit(client, FluxConfig.class, fleet.namespaceOf(i), Fleet.nameOf(i), c -> {
                        c.getSpec().getKustomizations().get(1).setPath("./apps/production");
                        return c;
                    });
                }
                try {
                    fleet.awaitConverged(client, Duration.ofMinutes(4));
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\n--- injected " + proxy.injected()
                            + "\n--- controller log: " + log.toAbsolutePath(), e);
                }
                Map<Fault, Integer> injected = proxy.injected();
                System.out.println("ApiFaultsIT injected " + injected);
                for (Fault f : Fault.values()) {
                    assertThat(injected.get(f)).as("%s injected (%s)", f, injected).isPositive();
                }
                assertThat(controller.isAlive()).as("the controller kept running; log %s", log.toAbsolutePath()).isTrue();
                String text = controller.logText();
                assertThat(text).as("one start only").containsOnlyOnce("=== start");
                assertThat(text).as("conflicts are reported as such").containsPattern("WARN .*conflict.*409")
                        .as("and never as a failed reconciliation (which would mark the configuration Failed)")
                        .doesNotContainPattern("reconciliation failed, will retry: .*(answered 409|code=409)");
                assertThat(text).as("a write that failed after the client's retries is reported with the API's answer")
                        .containsPattern("WARN .*reconciliation failed, will retry: API server answered 503");
                assertThat(text).as("no errors (an error means a crash or a configuration given up on)")
                        .doesNotContainPattern("(?m)^\\S+ \\S+ ERROR ");
            }
        }
    }
}
