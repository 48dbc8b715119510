package dev.fluxconfig.controller;

import static dev.fluxconfig.controller.ControllerTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.v1alpha1.status.ComplianceState;
import dev.fluxconfig.testing.TestConfigs;

/** After convergence, resyncs (every 3 s in tests) write nothing: no write counted, no resourceVersion moves. */
@QuarkusTest
@QuarkusTestResource(value = RealKubeTestResource.class, restrictToAnnotatedClass = false)
class IdleIT {

    @Inject
    KubernetesClient client;

    @Inject
    MeterRegistry registry;

    double writes() {
        return registry.find("fluxconfig.controller.writes").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    Map<String, String> versions(String ns) {
        Map<String, String> rv = new TreeMap<>();
        rv.put("FluxConfig/cfg", get(client, ns, "cfg").getMetadata().getResourceVersion());
        rv.put("FluxConfig/other", get(client, ns, "other").getMetadata().getResourceVersion());
        client.resources(Kustomization.class).inNamespace(ns).list().getItems()
                .forEach(k -> rv.put("Kustomization/" + k.getMetadata().getName(), k.getMetadata().getResourceVersion()));
        client.resources(GitRepository.class).inNamespace(ns).list().getItems()
                .forEach(g -> rv.put("GitRepository/" + g.getMetadata().getName(), g.getMetadata().getResourceVersion()));
        client.secrets().inNamespace(ns).list().getItems()
                .forEach(s -> rv.put("Secret/" + s.getMetadata().getName(), s.getMetadata().getResourceVersion()));
        client.serviceAccounts().inNamespace(ns).list().getItems()
                .forEach(s -> rv.put("ServiceAccount/" + s.getMetadata().getName(), s.getMetadata().getResourceVersion()));
        return rv;
    }

    @Test
    void aConvergedConfigurationIsLeftAlone() {
        String ns = namespace(client, "idle");
        // two configurations in one namespace, each with its own applier ServiceAccount
        for (String name : new String[]{"cfg", "other"}) {
            client.resource(TestConfigs.tutorial(name, ns)).create();
            awaitConfig(client, ns, name, c -> c.getStatus() != null && c.getStatus().getStatuses().size() == 3);
            FakeFlux flux = new FakeFlux(client);
            flux.gitReady(ns, name);
            flux.kustomizationReady(ns, name + "-infra");
            flux.kustomizationReady(ns, name + "-apps");
            awaitConfig(client, ns, name, c -> c.getStatus().getComplianceState() == ComplianceState.COMPLIANT);
        }
        assertThat(client.serviceAccounts().inNamespace(ns).list().getItems()).extracting(s -> s.getMetadata().getName())
                .contains("flux-applier-cfg", "flux-applier-other");
        // let in-flight events settle: two consecutive reads with the same versions and write count
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> new Object[]{versions(ns), writes()}, new java.util.function.Predicate<Object[]>() {
                    Object[] last;

                    @Override
                    public boolean test(Object[] now) {
                        boolean same = last != null && last[0].equals(now[0]) && last[1].equals(now[1]);
                        last = now;
                        return same;
                    }
                });

        Map<String, String> before = versions(ns);
        double writesBefore = writes();
        // at least two resync periods (3 s each in the test profile): nothing may change
        await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(12)).pollInterval(Duration.ofMillis(500))
                .until(() -> versions(ns).equals(before) && writes() == writesBefore);
        assertThat(versions(ns)).isEqualTo(before);
        assertThat(writes()).isEqualTo(writesBefore);
    }
}
