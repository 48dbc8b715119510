package dev.fluxconfig.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

import dev.fluxconfig.agent.apply.ClusterWriter;
import dev.fluxconfig.agent.health.AgentHealth;
import dev.fluxconfig.agent.metrics.AgentMetrics;
import dev.fluxconfig.agent.testing.EmulatorResource;
import dev.fluxconfig.agent.testing.InjectEmulator;
import dev.fluxconfig.agent.testing.NamespaceAndLogs;
import dev.fluxconfig.agent.testing.RealKubeResource;
import dev.fluxconfig.model.dataplane.DesiredConfiguration;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.sandbox.emulator.DataPlaneEmulator;
import dev.fluxconfig.testing.RealKubeServer;

/**
 * One data-plane entry cannot stop the others on the real API server: a 2,000-entry dependsOn chain and an entry whose
 * handling throws an Error are each reported Failed while the later entries are applied and the deletions done; two
 * entries that would generate one Kustomization name are both refused; a URL with a password is refused and never
 * quoted.
 */
@QuarkusTest
@WithTestResource(RealKubeResource.class)
@WithTestResource(EmulatorResource.class)
class InputBoundsIT {

    @RegisterExtension
    static final NamespaceAndLogs RUN = new NamespaceAndLogs("bounds");
    static final String NS = RUN.namespace();
    static final String PASSWORD = "pa55-in-the-url";
    static final ObjectMapper JSON = new ObjectMapper();

    @InjectEmulator
    DataPlaneEmulator emulator;
    @Inject
    AgentHealth health;
    @Inject
    KubernetesClient client;
    @Inject
    AgentMetrics metrics;

    final KubernetesClient kube = RealKubeServer.get().client();

    static DesiredConfiguration config(String name, String properties) throws Exception {
        return JSON.readValue("{\"name\":\"" + name + "\",\"operationId\":\"op-1\",\"correlationId\":\"corr-" + name
                + "\",\"version\":1,\"properties\":{\"namespace\":\"" + NS + "\"," + properties + "}}",
                DesiredConfiguration.class);
    }

    static DesiredConfiguration git(String name, String url, String... kustomizations) throws Exception {
        StringBuilder ks = new StringBuilder();
        for (String k : kustomizations) {
            ks.append(ks.length() == 0 ? "" : ",").append("\"").append(k).append("\":{\"path\":\"./").append(k)
                    .append("\"}");
        }
        return config(name, "\"gitRepository\":{\"url\":\"" + url + "\",\"repositoryRef\":{\"branch\":\"main\"}},"
                + "\"kustomizations\":{" + ks + "}");
    }

    static DesiredConfiguration chain(String name, int n) throws Exception {
        StringBuilder ks = new StringBuilder();
        for (int i = 0; i < n; i++) {
            ks.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":{\"path\":\"./k\"")
                    .append(i == 0 ? "" : ",\"dependsOn\":[\"k" + (i - 1) + "\"]").append("}");
        }
        return config(name, "\"gitRepository\":{\"url\":\"https://example.com/r\",\"repositoryRef\":{\"branch\":\"main\"}},"
                + "\"kustomizations\":{" + ks + "}");
    }

    FluxConfig cr(String name) {
        return kube.resources(FluxConfig.class).inNamespace(NS).withName(name).get();
    }

    JsonNode lastStatus(String name) {
        List<JsonNode> posts = emulator.journal().statusPosts(name);
        return posts.isEmpty() ? JSON.createObjectNode() : posts.get(posts.size() - 1);
    }

    /** Waits until the data plane got a Failed status for the configuration and returns its errorMessage. */
    String awaitFailedReport(String name) {
        await().atMost(Duration.ofSeconds(45))
                .until(() -> "Failed".equals(lastStatus(name).path("provisioningState").asText()));
        return lastStatus(name).path("errorMessage").asText();
    }

    @Test
    void aLongDependsOnChainIsReportedWhileLaterEntriesAreAppliedAndDeletionsDone() throws Exception {
        emulator.configurations(EmulatorResource.CLUSTER_PATH, List.of(git("old-one", "https://example.com/old", "a")));
        await().atMost(Duration.ofSeconds(45)).until(() -> cr("old-one") != null);

        DesiredConfiguration chain = chain("chain", 2000);
        assertThat(JSON.writeValueAsString(chain).length()).as("bytes of the entry").isGreaterThan(70_000);
        emulator.configurations(EmulatorResource.CLUSTER_PATH,
                List.of(chain, git("after-chain", "https://example.com/after", "a")));

        await().atMost(Duration.ofSeconds(45)).until(() -> cr("after-chain") != null && cr("old-one") == null);
        assertThat(awaitFailedReport("chain")).contains("kustomizations: has 2000 entries; at most 100 are allowed");
        assertThat(cr("chain")).isNull();
        await().atMost(Duration.ofSeconds(45)).until(health::ready);
    }

    /** The real writer, except that it overflows the stack for configuration {@code boom}. */
    static class OverflowingWriter extends ClusterWriter {
        OverflowingWriter(KubernetesClient client, AgentMetrics metrics) {
            super(client, metrics);
        }

        @Override
        public FluxConfig apply(FluxConfig desired, boolean exists) {
            if ("boom".equals(desired.getMetadata().getName())) {
                throw new StackOverflowError();
            }
            return super.apply(desired, exists);
        }
    }

    @Test
    void anErrorInOneEntryIsReportedAndTheOthersGoOn() throws Exception {
        QuarkusMock.installMockForType(new OverflowingWriter(client, metrics), ClusterWriter.class);
        emulator.configurations(EmulatorResource.CLUSTER_PATH, List.of(git("doomed", "https://example.com/doomed", "a")));
        await().atMost(Duration.ofSeconds(45)).until(() -> cr("doomed") != null);

        emulator.configurations(EmulatorResource.CLUSTER_PATH, List.of(git("boom", "https://example.com/boom", "a"),
                git("after-boom", "https://example.com/after", "a")));
        await().atMost(Duration.ofSeconds(45)).until(() -> cr("after-boom") != null && cr("doomed") == null);
        assertThat(awaitFailedReport("boom")).contains("could not handle this configuration (StackOverflowError)");
        await().atMost(Duration.ofSeconds(45)).until(health::ready);
    }

    @Test
    void entriesThatWouldShareAKustomizationNameAreBothRefused() throws Exception {
        emulator.configurations(EmulatorResource.CLUSTER_PATH,
                List.of(git("b", "https://example.com/b", "c-d"), git("b-c", "https://example.com/bc", "d"),
                        git("apart", "https://example.com/apart", "c-d")));
        await().atMost(Duration.ofSeconds(45)).until(() -> cr("apart") != null);
        assertThat(awaitFailedReport("b")).contains("'b-c-d' is also generated by configuration 'b-c' (kustomization 'd')");
        assertThat(awaitFailedReport("b-c")).contains("'b-c-d' is also generated by configuration 'b' (kustomization 'c-d')");
        assertThat(cr("b")).isNull();
        assertThat(cr("b-c")).isNull();
    }

    @Test
    void aUrlWithAPasswordIsRefusedAndNeverQuoted() throws Exception {
        List<DesiredConfiguration> list = new ArrayList<>();
        list.add(git("with-password", "https://user:" + PASSWORD + "@example.com/org/repo", "a"));
        list.add(git("invalid-url", "ftp://user:" + PASSWORD + "@example.com/org/repo", "a"));
        list.add(git("fine-url", "ssh://git@example.com/org/repo", "a"));
        emulator.configurations(EmulatorResource.CLUSTER_PATH, list);
        await().atMost(Duration.ofSeconds(45)).until(() -> cr("fine-url") != null);
        assertThat(awaitFailedReport("with-password")).contains("gitRepository.url").contains("httpsUser")
                .contains("httpsKey").doesNotContain(PASSWORD);
        assertThat(awaitFailedReport("invalid-url")).contains("gitRepository.url").doesNotContain(PASSWORD);
        assertThat(cr("with-password")).isNull();
        assertThat(RUN.logs().containing(List.of(PASSWORD))).isEmpty();
        assertThat(emulator.journal().statusPosts("with-password").toString()).doesNotContain(PASSWORD);
    }
}
