package dev.fluxconfig.agent;

import static dev.fluxconfig.model.FluxConfigConstants.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fluxconfig.agent.apply.DesiredStateApplier;
import dev.fluxconfig.agent.dataplane.PendingConfigsParser;
import dev.fluxconfig.agent.health.AgentHealth;
import dev.fluxconfig.agent.testing.EmulatorResource;
import dev.fluxconfig.agent.testing.HostileBodies;
import dev.fluxconfig.agent.testing.InjectEmulator;
import dev.fluxconfig.agent.testing.MemoryAgent;
import dev.fluxconfig.agent.testing.RealKubeResource;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.validation.FluxConfigValidator;
import dev.fluxconfig.sandbox.emulator.DataPlaneEmulator;
import dev.fluxconfig.testing.RealKubeServer;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * The running agent against the real API server, fed generated hostile bodies one after the other (three good
 * configurations plus one or two mutated ones each). An in-memory run of the same boundary code predicts which entries
 * must be refused. Afterwards: the agent is live and ready, every FluxConfig it wrote validates, a Failed status was
 * posted for every refused entry, and the good configurations are there, unchanged.
 */
@QuarkusTest
@WithTestResource(RealKubeResource.class)
@WithTestResource(value = EmulatorResource.class, initArgs = @ResourceArg(name = "poll-interval", value = "100ms"))
class DataPlaneFuzzIT {

    static final int BODIES = 100;
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    static final String PREFIX = "fz" + SUFFIX + "-";
    static final String NS = "fuzz-" + SUFFIX;

    @InjectEmulator
    DataPlaneEmulator emulator;
    @Inject
    AgentHealth health;
    @TestHTTPResource("/q/health/live")
    URL live;
    @TestHTTPResource("/q/health/ready")
    URL ready;

    final KubernetesClient kube = RealKubeServer.get().client();

    @AfterAll
    static void cleanUp() {
        RealKubeServer.get().client().namespaces().withName(NS).delete();
    }

    int status(URL url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url.toString())).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** Serves the body and waits until the agent has applied it (a 304 for its ETag) or has read it and moved on. */
    void serve(String body) {
        String etag = emulator.rawBody(EmulatorResource.CLUSTER_PATH, body);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> emulator.journal().notModified(etag) >= 1 || emulator.journal().listed(etag) >= 3);
    }

    List<FluxConfig> ours() {
        return kube.resources(FluxConfig.class).inAnyNamespace().withLabel(LABEL_MANAGED_BY, MANAGED_BY_AGENT).list()
                .getItems().stream().filter(c -> c.getMetadata().getName().startsWith(PREFIX)).toList();
    }

    @Test
    void hostileBodiesLeaveTheAgentLiveAndTheClusterValid() throws Exception {
        List<ObjectNode> goods = List.of(HostileBodies.validEntry(PREFIX + "good-0", NS, 0, 1, 0, 2, 300, true, 1),
                HostileBodies.validEntry(PREFIX + "good-1", NS, 2, 1, 1, 1, 60, false, 1),
                HostileBodies.validEntry(PREFIX + "good-2", NS, 3, 0, 2, 3, 600, true, 1));
        Arbitrary<List<HostileBodies.Mutation>> mutations = HostileBodies.mutation().list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<Integer> hostileCount = Arbitraries.integers().between(1, 2);
        MemoryAgent oracle = new MemoryAgent();
        Set<String> refused = new LinkedHashSet<>();
        int malformed = 0;

        await().atMost(Duration.ofSeconds(60)).until(health::ready);
        for (int n = 0; n < BODIES; n++) {
            List<HostileBodies.Entry> entries = new ArrayList<>();
            goods.forEach(g -> entries.add(HostileBodies.plain(g)));
            int count = hostileCount.sample();
            for (int j = 0; j < count; j++) {
                ObjectNode valid = HostileBodies.validEntry(PREFIX + "b" + n + "-" + j, NS, (n + j) % 5, n % 3, n % 4,
                        1 + n % 3, 1 + n, n % 2 == 0, n);
                entries.add(HostileBodies.mutate(valid, mutations.sample()));
            }
            String body = HostileBodies.body(entries);
            try {
                var state = PendingConfigsParser.parse(null, body.getBytes(StandardCharsets.UTF_8));
                oracle.applier.apply(state);
                state.entries().stream().filter(e -> e.name() != null && oracle.rejections.get(e.name()) != null)
                        .forEach(e -> refused.add(e.name()));
            } catch (PendingConfigsParser.MalformedBodyException e) {
                malformed++;
            }
            serve(body);
            if (n % 25 == 0) {
                assertThat(status(live)).as("live after body %d", n).isEqualTo(200);
            }
        }
        serve(HostileBodies.body(goods.stream().map(HostileBodies::plain).toList()));

        assertThat(status(live)).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(health::ready);
        assertThat(status(ready)).isEqualTo(200);
        // only the good ones are left, and every FluxConfig the agent ever kept validates
        await().atMost(Duration.ofSeconds(60)).until(() -> ours().size() == goods.size());
        for (FluxConfig c : ours()) {
            Secret s = kube.secrets().inNamespace(c.getMetadata().getNamespace())
                    .withName(protectedSettingsSecretName(c.getMetadata().getName())).get();
            Map<String, String> ps = s == null || s.getData() == null
                    ? Map.of()
                    : s.getData().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                            e -> new String(Base64.getDecoder().decode(e.getValue()), StandardCharsets.UTF_8)));
            assertThat(FluxConfigValidator.validate(c, ps)).as("%s validates", c.getMetadata().getName()).isEmpty();
        }
        for (ObjectNode g : goods) {
            FluxConfig c = kube.resources(FluxConfig.class).inNamespace(NS).withName(g.get("name").asText()).get();
            assertThat(c).isNotNull();
            assertThat(c.getSpec().getOperationId()).isEqualTo(g.get("operationId").asText());
        }
        // every refusal the boundary code predicts was reported to the data plane as Failed
        assertThat(refused).as("refused entries").hasSizeGreaterThan(BODIES / 4);
        for (String name : refused) {
            if (!DesiredStateApplier.reportable(name)) {
                continue; // no data plane has a configuration of that name to report it to
            }
            await("Failed status of " + name).atMost(Duration.ofSeconds(30))
                    .until(() -> emulator.journal().statusPosts(name).stream()
                            .anyMatch(p -> "Failed".equals(p.path("provisioningState").asText())));
        }
        System.out.printf("DataPlaneFuzzIT: %d bodies, %d malformed as a whole, %d entries refused%n", BODIES, malformed,
                refused.size());
    }
}
