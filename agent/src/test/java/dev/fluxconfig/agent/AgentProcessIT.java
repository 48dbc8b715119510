package dev.fluxconfig.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.client.KubernetesClient;

import dev.fluxconfig.agent.testing.EmulatorResource;
import dev.fluxconfig.model.FluxConfigConstants;
import dev.fluxconfig.model.dataplane.DesiredConfiguration;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.sandbox.emulator.DataPlaneEmulator;
import dev.fluxconfig.testing.RealKubeServer;
import dev.fluxconfig.testkit.AppProcess;

/**
 * The packaged agent ({@code target/quarkus-app/quarkus-run.jar}) as a process: with nothing but KUBECONFIG it stays up,
 * live and not ready with the reason; configured against a fake Azure it applies a configuration; its stdout is one JSON
 * object per line, carries the correlation id, and never a token, a protected setting or a private key; its metrics
 * answer where the chart points Prometheus.
 */
class AgentProcessIT {

    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();
    AppProcess agent;

    @AfterEach
    void stopAgent() {
        if (agent != null) {
            agent.stop();
        }
    }

    /** The packaged agent, started with the chart's JVM options by the test kit's launcher; {@code KUBECONFIG} from env. */
    AppProcess start(Map<String, String> env, Path out) {
        Map<String, String> rest = new java.util.HashMap<>(env);
        Path kubeconfig = Path.of(rest.remove("KUBECONFIG"));
        return AppProcess.start("agent", kubeconfig, out, rest, List.of());
    }

    HttpResponse<String> get(int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            return null;
        }
    }

    @Test
    void withDefaultsAndNoDataPlaneItStaysUpLiveAndNotReady(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("agent.log");
        agent = start(Map.of("KUBECONFIG", RealKubeServer.get().kubeconfig().toString()), out);
        int port = agent.port();

        await().atMost(Duration.ofSeconds(60)).until(() -> get(port, "/q/health/live") != null);
        HttpResponse<String> live = get(port, "/q/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get(port, "/q/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        JsonNode checks = JSON.readTree(ready.body()).path("checks");
        JsonNode agentCheck = null;
        for (JsonNode c : checks) {
            if ("fluxconfig-agent".equals(c.path("name").asText())) {
                agentCheck = c;
            }
        }
        assertThat(agentCheck).isNotNull();
        assertThat(agentCheck.path("data").path("settings").asText())
                .contains("fluxconfig.agent.cluster.subscription-id").contains("FLUXCONFIG_AGENT_CLUSTER_NAME");

        // it does not exit: still alive and answering a while later
        long seen = Files.readAllLines(out).size();
        await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ofSeconds(3)).until(() -> agent.isAlive()
                && get(port, "/q/health/live") != null && get(port, "/q/health/live").statusCode() == 200);
        assertThat(agent.isAlive()).isTrue();
        List<JsonNode> lines = agent.jsonLines();
        assertThat(lines.size()).isGreaterThanOrEqualTo((int) Math.min(seen, 1));
        assertThat(lines).anyMatch(l -> l.path("message").asText().contains("missing or invalid settings"));
    }

    @Test
    void notReadyWithTheReasonsWhileItCannotAuthenticateOrReachKubernetes(@TempDir Path dir) throws Exception {
        DataPlaneEmulator emulator = EmulatorResource.start(dir);
        try {
            emulator.acceptClientSecret("the-right-secret");
            Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: none, cluster: {server: "https://127.0.0.1:9", insecure-skip-tls-verify: true}}]
                    users: [{name: u, user: {token: not-a-token}}]
                    contexts: [{name: c, context: {cluster: none, user: u}}]
                    current-context: c
                    """);
            Map<String, String> env = new java.util.HashMap<>(Map.of("KUBECONFIG", kubeconfig.toString(),
                    "FLUXCONFIG_AGENT_DATA_PLANE_ENDPOINT",
                    emulator.dataPlaneUrl(), "FLUXCONFIG_AGENT_CLUSTER_SUBSCRIPTION_ID", EmulatorResource.SUBSCRIPTION,
                    "FLUXCONFIG_AGENT_CLUSTER_RESOURCE_GROUP", EmulatorResource.RESOURCE_GROUP, "FLUXCONFIG_AGENT_CLUSTER_NAME",
                    EmulatorResource.CLUSTER, "FLUXCONFIG_AGENT_AUTH_MODE", "client-secret", "FLUXCONFIG_AGENT_AUTH_CLIENT_ID",
                    EmulatorResource.CLIENT_ID, "FLUXCONFIG_AGENT_AUTH_TENANT_ID", EmulatorResource.TENANT));
            env.putAll(Map.of("FLUXCONFIG_AGENT_AUTH_CLIENT_SECRET", "a-wrong-secret-value",
                    "FLUXCONFIG_AGENT_AUTH_AUTHORITY", emulator.authorityUrl(), "FLUXCONFIG_AGENT_AUTH_CA_FILE",
                    emulator.caCertificate().toString(), "FLUXCONFIG_AGENT_POLL_INTERVAL", "500ms"));
            Path out = dir.resolve("agent.log");
            agent = start(env, out);
            int port = agent.port();

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                HttpResponse<String> ready = get(port, "/q/health/ready");
                assertThat(ready).isNotNull();
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("cannot get a token (client-secret)").contains("Kubernetes API");
            });
            assertThat(get(port, "/q/health/live").statusCode()).isEqualTo(200);
            assertThat(emulator.journal().authorizations()).as("no data-plane call without a token").isEmpty();
            assertThat(agent.isAlive()).isTrue();
            assertThat(Files.readString(out)).doesNotContain("a-wrong-secret-value");
        } finally {
            emulator.close();
        }
    }

    @Test
    void packagedAgentAppliesAConfigurationAndItsLogsAreJsonWithoutSecrets(@TempDir Path dir) throws Exception {
        DataPlaneEmulator emulator = EmulatorResource.start(dir);
        String secret = "proc-client-secret-" + UUID.randomUUID();
        String httpsKey = Base64.getEncoder().encodeToString(("proc-pat-" + UUID.randomUUID()).getBytes());
        String namespace = "agentproc-" + UUID.randomUUID().toString().substring(0, 6);
        KubernetesClient kube = RealKubeServer.get().client();
        try {
            emulator.acceptClientSecret(secret);
            emulator.configurations(EmulatorResource.CLUSTER_PATH, List.of(JSON.readValue(
                    """
                            {"name":"proc-config","operationId":"op-p1","correlationId":"corr-proc-1","version":1,
                             "properties":{"namespace":"%s","gitRepository":{"url":"https://github.com/Azure/gitops-flux2-kustomize-helm-mt",
                               "httpsUser":"git-user","repositoryRef":{"branch":"main"}},
                               "kustomizations":{"infra":{"path":"./infrastructure"}},
                               "configurationProtectedSettings":{"httpsKey":"%s"}}}"""
                            .formatted(namespace, httpsKey),
                    DesiredConfiguration.class)));
            Path out = dir.resolve("agent.log");
            Map<String, String> env = new java.util.HashMap<>(Map.of("KUBECONFIG",
                    RealKubeServer.get().kubeconfig().toString(),
                    "QUARKUS_LOG_LEVEL", "DEBUG", "FLUXCONFIG_AGENT_DATA_PLANE_ENDPOINT", emulator.dataPlaneUrl(),
                    "FLUXCONFIG_AGENT_CLUSTER_SUBSCRIPTION_ID", EmulatorResource.SUBSCRIPTION,
                    "FLUXCONFIG_AGENT_CLUSTER_RESOURCE_GROUP", EmulatorResource.RESOURCE_GROUP, "FLUXCONFIG_AGENT_CLUSTER_NAME",
                    EmulatorResource.CLUSTER, "FLUXCONFIG_AGENT_AUTH_MODE", "client-secret"));
            env.putAll(Map.of("FLUXCONFIG_AGENT_AUTH_CLIENT_ID", EmulatorResource.CLIENT_ID, "FLUXCONFIG_AGENT_AUTH_TENANT_ID",
                    EmulatorResource.TENANT, "FLUXCONFIG_AGENT_AUTH_CLIENT_SECRET", secret, "FLUXCONFIG_AGENT_AUTH_AUTHORITY",
                    emulator.authorityUrl(), "FLUXCONFIG_AGENT_AUTH_SCOPE", EmulatorResource.SCOPE,
                    "FLUXCONFIG_AGENT_AUTH_CA_FILE",
                    emulator.caCertificate().toString(), "FLUXCONFIG_AGENT_POLL_INTERVAL", "500ms",
                    "FLUXCONFIG_AGENT_STATUS_DEBOUNCE", "200ms"));
            agent = start(env, out);
            int port = agent.port();

            await().atMost(Duration.ofSeconds(90)).until(() -> kube.secrets().inNamespace(namespace)
                    .withName(FluxConfigConstants.protectedSettingsSecretName("proc-config")).get() != null);
            assertThat(kube.resources(FluxConfig.class).inNamespace(namespace).withName("proc-config").get().getSpec()
                    .getCorrelationId()).isEqualTo("corr-proc-1");
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                HttpResponse<String> r = get(port, "/q/health/ready");
                return r != null && r.statusCode() == 200;
            });
            await().until(() -> emulator.journal().polls(304) >= 2);

            // Prometheus scrapes the path and port the chart's pod annotations name
            String deployment = Files.readString(Path.of("../helm/fluxconfig/templates/fluxconfig/agent-deployment.yaml"));
            java.util.regex.Matcher scrape = java.util.regex.Pattern
                    .compile("\"metricsPort\" \\$v\\.httpPort \"metricsPath\" \"([^\"]+)\"").matcher(deployment);
            assertThat(scrape.find()).as("the chart's scrape annotation of the agent names its httpPort").isTrue();
            String values = Files.readString(Path.of("../helm/fluxconfig/values.yaml"));
            java.util.regex.Matcher httpPort = java.util.regex.Pattern
                    .compile("(?m)^fluxconfig-agent:\n(?:  .*\n|\s*\n)*?  httpPort: (\\d+)$").matcher(values);
            assertThat(httpPort.find()).as("fluxconfig-agent.httpPort in the chart's values").isTrue();
            assertThat(httpPort.group(1)).as("the agent's HTTP port in the chart").isEqualTo("8080");
            HttpResponse<String> metrics = get(port, scrape.group(1));
            assertThat(metrics.statusCode()).as("GET %s", scrape.group(1)).isEqualTo(200);
            assertThat(metrics.body()).containsPattern("fluxconfig_agent_polls_total\\{outcome=\"listed\"} [1-9]")
                    .containsPattern("fluxconfig_agent_polls_total\\{outcome=\"unchanged\"} [1-9]")
                    .contains("fluxconfig_agent_writes_total{kind=\"FluxConfig\",operation=\"apply\"} 1.0")
                    .containsPattern("fluxconfig_agent_writes_total\\{kind=\"Secret\",operation=\"apply\"} [1-9]")
                    .contains("fluxconfig_agent_rejections_total{reason=\"invalid\"} 0.0")
                    .contains("fluxconfig_agent_rejections_total{reason=\"conflict\"} 0.0")
                    .contains("fluxconfig_agent_status_posts_total{outcome=\"accepted\"}")
                    .contains("jvm_memory_used_bytes");

            List<JsonNode> lines = agent.jsonLines();
            assertThat(lines).anyMatch(l -> "DEBUG".equals(l.path("level").asText()));
            assertThat(lines).anyMatch(l -> l.path("message").asText().contains("applied FluxConfig")
                    && "corr-proc-1".equals(l.path("mdc").path("correlationId").asText()));
            String all = Files.readString(out);
            List<String> secrets = new java.util.ArrayList<>(List.of(secret, httpsKey, "PRIVATE KEY"));
            assertThat(emulator.issuedTokens()).as("tokens the agent got").isNotEmpty();
            secrets.addAll(emulator.issuedTokens());
            for (String s : secrets) {
                assertThat(all).as("the agent's output must not contain a secret").doesNotContain(s);
            }
        } finally {
            emulator.configurations(EmulatorResource.CLUSTER_PATH, List.of());
            emulator.close();
            kube.namespaces().withName(namespace).delete();
        }
    }
}
