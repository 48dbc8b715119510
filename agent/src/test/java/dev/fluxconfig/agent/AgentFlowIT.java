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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fluxconfig.agent.apply.ClusterWriter;
import dev.fluxconfig.agent.health.AgentHealth;
import dev.fluxconfig.agent.testing.EmulatorResource;
import dev.fluxconfig.agent.testing.InjectEmulator;
import dev.fluxconfig.agent.testing.LogCapture;
import dev.fluxconfig.agent.testing.RealKubeResource;
import dev.fluxconfig.model.dataplane.DesiredConfiguration;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.FluxConfigStatus;
import dev.fluxconfig.model.v1alpha1.status.ComplianceState;
import dev.fluxconfig.model.v1alpha1.status.ProvisioningState;
import dev.fluxconfig.sandbox.emulator.DataPlaneEmulator;
import dev.fluxconfig.sandbox.emulator.FailureMode;
import dev.fluxconfig.sandbox.emulator.SelfSignedTls;
import dev.fluxconfig.testing.RealKubeServer;

/**
 * The agent against a fake data plane and the real API server: it applies the tutorial configuration, writes nothing
 * while the data plane answers 304, changes nothing while the data plane is broken in any way, refuses invalid
 * configurations, reports status, and deletes what the data plane no longer lists. Its logs never show a secret.
 */
@QuarkusTest
@WithTestResource(RealKubeResource.class)
@WithTestResource(EmulatorResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentFlowIT {

    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    static final String NS = "agentflow-" + SUFFIX;
    static final String NAME = "cluster-config";
    static final String HTTPS_KEY = Base64.getEncoder().encodeToString("pat-secret-value-123".getBytes());
    static final String SSH_KEY = Base64.getEncoder().encodeToString(SelfSignedTls.pem("not-really-a-key-but-secret".getBytes(),
            "OPENSSH PRIVATE KEY").getBytes());
    static final ObjectMapper JSON = new ObjectMapper();

    static LogCapture logs;

    @InjectEmulator
    DataPlaneEmulator emulator;
    @Inject
    ClusterWriter writer;
    @Inject
    AgentHealth health;
    @TestHTTPResource("/q/health/ready")
    URL ready;

    final KubernetesClient kube = RealKubeServer.get().client();

    @BeforeAll
    static void captureLogs() {
        logs = LogCapture.install();
        org.awaitility.Awaitility.setDefaultTimeout(Duration.ofSeconds(45));
        org.awaitility.Awaitility.setDefaultPollInterval(Duration.ofMillis(100));
    }

    @AfterAll
    static void cleanUp() {
        logs.uninstall();
        RealKubeServer.get().client().namespaces().withName(NS).delete();
        RealKubeServer.get().client().namespaces().withName(NS + "-bad").delete();
    }

    static DesiredConfiguration config(String name, String namespace, long version, String properties) throws Exception {
        return JSON.readValue("{\"name\":\"" + name + "\",\"operationId\":\"op-" + version + "\",\"correlationId\":\"corr-"
                + name + "-" + version + "\",\"version\":" + version + ",\"properties\":{\"namespace\":\"" + namespace
                + "\"," + properties + "}}", DesiredConfiguration.class);
    }

    static JsonNode raw(String name, String namespace, long version, String properties) throws Exception {
        return JSON.readTree("{\"name\":\"" + name + "\",\"operationId\":\"op-" + version + "\",\"correlationId\":\"corr-"
                + name + "-" + version + "\",\"version\":" + version + ",\"properties\":{\"namespace\":\"" + namespace
                + "\"," + properties + "}}");
    }

    /** The tutorial's cluster-config over https with a user and (when given) its httpsKey. */
    static DesiredConfiguration tutorial(long version, String branch, boolean suspend, boolean withKey) throws Exception {
        return config(NAME, NS, version, """
                "scope":"cluster","sourceKind":"GitRepository","suspend":%s,
                "gitRepository":{"url":"https://github.com/Azure/gitops-flux2-kustomize-helm-mt","httpsUser":"git-user",
                  "repositoryRef":{"branch":"%s"}},
                "kustomizations":{"infra":{"path":"./infrastructure","prune":true},
                                  "apps":{"path":"./apps/staging","prune":true,"dependsOn":["infra"]}}%s
                """.formatted(suspend, branch,
                withKey ? ",\"configurationProtectedSettings\":{\"httpsKey\":\"" + HTTPS_KEY + "\"}" : ""));
    }

    FluxConfig cr(String namespace, String name) {
        return kube.resources(FluxConfig.class).inNamespace(namespace).withName(name).get();
    }

    Secret secret() {
        return kube.secrets().inNamespace(NS).withName(protectedSettingsSecretName(NAME)).get();
    }

    Map<String, String> versions(String namespace) {
        Map<String, String> v = new TreeMap<>();
        kube.resources(FluxConfig.class).inNamespace(namespace).list().getItems().forEach(o -> put(v, o));
        kube.secrets().inNamespace(namespace).list().getItems().forEach(o -> put(v, o));
        return v;
    }

    private static void put(Map<String, String> v, HasMetadata o) {
        v.put(o.getKind() + "/" + o.getMetadata().getName(), o.getMetadata().getResourceVersion());
    }

    HttpResponse<String> readiness() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ready.toString())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void appliesTheTutorialAsFluxConfigAndProtectedSecret() throws Exception {
        emulator.configurations(EmulatorResource.CLUSTER_PATH, List.of(tutorial(1, "main", false, true)));

        await().until(() -> cr(NS, NAME) != null && secret() != null);
        FluxConfig cr = cr(NS, NAME);
        assertThat(cr.getMetadata().getLabels()).containsEntry(LABEL_MANAGED_BY, MANAGED_BY_AGENT);
        assertThat(cr.getSpec().getGitRepository().getUrl())
                .isEqualTo("https://github.com/Azure/gitops-flux2-kustomize-helm-mt");
        assertThat(cr.getSpec().getGitRepository().getRepositoryRef().getBranch()).isEqualTo("main");
        assertThat(cr.getSpec().getKustomizations()).extracting(k -> k.getName() + ":" + k.getPath() + ":" + k.getDependsOn())
                .containsExactly("infra:./infrastructure:[]", "apps:./apps/staging:[infra]");
        assertThat(cr.getSpec().getProtectedSettingsSecretRef().getName()).isEqualTo(NAME + "-protected-parameters");
        assertThat(cr.getSpec().getCorrelationId()).isEqualTo("corr-" + NAME + "-1");

        Secret secret = secret();
        assertThat(secret.getType()).isEqualTo("Opaque");
        assertThat(secret.getData()).containsOnlyKeys(PS_HTTPS_KEY);
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get(PS_HTTPS_KEY)), StandardCharsets.UTF_8))
                .isEqualTo(HTTPS_KEY);
        assertThat(secret.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(cr.getMetadata().getUid()));
        assertThat(JSON.writeValueAsString(cr)).doesNotContain(HTTPS_KEY);

        await().until(health::ready);
        HttpResponse<String> r = readiness();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(emulator.journal().authorizations()).isNotEmpty().allSatisfy(a -> assertThat(emulator.issued(a))
                .as("a token the emulator issued for the client secret").isNotNull()
                .extracting(DataPlaneEmulator.IssuedToken::kind).isEqualTo("client-secret"));
    }

    @Test
    @Order(2)
    void unchangedDesiredStateIsAnswered304AndWritesNothing() {
        await().until(() -> emulator.journal().polls(304) > 0);
        long writes = writer.writes();
        Map<String, String> before = versions(NS);
        long notModified = emulator.journal().polls(304);

        await().until(() -> emulator.journal().polls(304) >= notModified + 5);

        assertThat(writer.writes()).as("write requests to the API server").isEqualTo(writes);
        assertThat(versions(NS)).isEqualTo(before);
    }

    @Test
    @Order(3)
    void aChangeWithoutProtectedSettingsKeepsTheSecret() throws Exception {
        Map<String, String> secretBefore = secret().getData();
        emulator.configurations(EmulatorResource.CLUSTER_PATH, List.of(tutorial(2, "release", false, false)));

        await().until(() -> "release".equals(cr(NS, NAME).getSpec().getGitRepository().getRepositoryRef().getBranch()));
        assertThat(cr(NS, NAME).getSpec().getOperationId()).isEqualTo("op-2");
        assertThat(secret().getData()).isEqualTo(secretBefore);
    }

    @ParameterizedTest
    @EnumSource(value = FailureMode.class, names = {"HTTP_500", "HTTP_401", "TIMEOUT", "MALFORMED_JSON",
            "TRUNCATED_BODY", "BROKEN_CHUNK", "NO_CONFIGURATIONS_FIELD"})
    @Order(4)
    void aBrokenDataPlaneChangesNothingAndReadinessTellsWhy(FailureMode failure) throws Exception {
        await().until(health::ready);
        boolean suspended = cr(NS, NAME).getSpec().getSuspend();
        Map<String, String> before = versions(NS);
        long writes = writer.writes();

        // The desired state changes, and an empty list would delete everything: neither may leak through a failure.
        emulator.failure(failure, "poll");
        emulator.configurations(EmulatorResource.CLUSTER_PATH,
                List.of(tutorial(10 + failure.ordinal(), "release", !suspended, false)));
        long failed = emulator.journal().failedPolls();
        await().until(() -> emulator.journal().failedPolls() >= failed + 3);

        assertThat(versions(NS)).as("FluxConfigs and Secrets after %s", failure).isEqualTo(before);
        assertThat(writer.writes()).isEqualTo(writes);
        HttpResponse<String> r = readiness();
        assertThat(r.statusCode()).isEqualTo(503);
        String reason = health.problem(failure == FailureMode.HTTP_401 ? AgentHealth.TOKEN : AgentHealth.DATA_PLANE);
        assertThat(reason).isNotNull();
        assertThat(r.body()).contains(reason.replace("\"", "\\\"").substring(0, Math.min(40, reason.length())));
        String expected = switch (failure) {
            case HTTP_500 -> "answered 500";
            case HTTP_401 -> "refused the token";
            case TIMEOUT -> "timeout";
            case MALFORMED_JSON -> "not valid json";
            // the emulator announces the whole body, sends half and closes the connection
            case TRUNCATED_BODY -> "connection was closed";
            case NO_CONFIGURATIONS_FIELD -> "no 'configurations' array";
            case BROKEN_CHUNK -> "getpendingconfigs";
            default -> throw new IllegalArgumentException("DataPlaneFlappingIT covers " + failure);
        };
        assertThat(reason.toLowerCase(Locale.ROOT)).contains(expected);

        emulator.heal();
        await().until(() -> cr(NS, NAME).getSpec().getSuspend() == !suspended && health.ready());
        assertThat(readiness().statusCode()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void invalidConfigurationsAreRefusedReportedAndDisturbNothingElse() throws Exception {
        await().until(health::ready);
        boolean suspended = cr(NS, NAME).getSpec().getSuspend();
        String rv = cr(NS, NAME).getMetadata().getResourceVersion();
        DesiredConfiguration badUrl = config("bad-url", NS + "-bad", 1, """
                "gitRepository":{"url":"ftp://example.com/repo","repositoryRef":{"branch":"main"}},
                "kustomizations":{"k":{"path":"./k"}},"configurationProtectedSettings":{"sshPrivateKey":"%s"}"""
                .formatted(SSH_KEY));
        JsonNode badType = raw("bad-type", NS + "-bad", 1, """
                "gitRepository":{"url":"https://example.com/repo","repositoryRef":{"branch":"main"}},
                "kustomizations":{"k":{"timeoutInSeconds":"ten minutes"}}""");
        DesiredConfiguration good = config("good", NS + "-bad", 1, """
                "gitRepository":{"url":"https://example.com/repo","repositoryRef":{"tag":"v1.0.0"}},
                "kustomizations":{"k":{"path":"./k"}}""");
        // the applied configuration turns invalid: it must stay as it is
        DesiredConfiguration brokenTutorial = config(NAME, NS, 20,
                """
                        "suspend":%s,"gitRepository":{"url":"https://github.com/Azure/gitops-flux2-kustomize-helm-mt","httpsUser":"git-user"},
                        "kustomizations":{"infra":{"path":"./infrastructure","dependsOn":["apps"]},"apps":{"dependsOn":["infra"]}}"""
                        .formatted(!suspended));
        emulator.configurations(EmulatorResource.CLUSTER_PATH, List.of(brokenTutorial, badUrl, badType, good));

        await().until(() -> cr(NS + "-bad", "good") != null);
        await().until(() -> !emulator.journal().statusPosts("bad-url").isEmpty()
                && !emulator.journal().statusPosts("bad-type").isEmpty()
                && !emulator.journal().statusPosts(NAME).isEmpty());
        assertThat(cr(NS + "-bad", "bad-url")).isNull();
        assertThat(cr(NS + "-bad", "bad-type")).isNull();
        assertThat(cr(NS, NAME).getMetadata().getResourceVersion()).isEqualTo(rv);

        JsonNode urlStatus = last(emulator.journal().statusPosts("bad-url"));
        assertThat(urlStatus.path("provisioningState").asText()).isEqualTo("Failed");
        assertThat(urlStatus.path("errorMessage").asText()).contains("gitRepository.url").contains("ftp://");
        assertThat(urlStatus.path("correlationId").asText()).isEqualTo("corr-bad-url-1");
        JsonNode typeStatus = last(emulator.journal().statusPosts("bad-type"));
        assertThat(typeStatus.path("errorMessage").asText()).contains("kustomizations.k.timeoutInSeconds")
                .doesNotContain("ten minutes");
        JsonNode tutorialStatus = last(emulator.journal().statusPosts(NAME));
        assertThat(tutorialStatus.path("provisioningState").asText()).isEqualTo("Failed");
        assertThat(tutorialStatus.path("errorMessage").asText()).contains("gitRepository.repositoryRef")
                .contains("dependsOn");
        assertThat(tutorialStatus.path("operationId").asText()).isEqualTo("op-20");

        emulator.configurations(EmulatorResource.CLUSTER_PATH, List.of(tutorial(21, "release", suspended, false)));
        await().until(() -> cr(NS + "-bad", "good") == null);
        await().until(() -> "op-21".equals(cr(NS, NAME).getSpec().getOperationId()));
    }

    @Test
    @Order(6)
    void statusChangesArePostedLatestWinsAndRetriedUntilAccepted() throws Exception {
        setStatus(ComplianceState.PENDING, ProvisioningState.SUCCEEDED);
        await().until(() -> "Pending".equals(last(emulator.journal().statusPosts(NAME)).path("complianceState").asText()));
        JsonNode posted = last(emulator.journal().statusPosts(NAME));
        assertThat(posted.path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(posted.path("namespace").asText()).isEqualTo(NS);
        assertThat(posted.path("statuses").get(0).path("kind").asText()).isEqualTo("GitRepository");

        for (ComplianceState s : List.of(ComplianceState.NON_COMPLIANT, ComplianceState.PENDING, ComplianceState.SUSPENDED,
                ComplianceState.COMPLIANT)) {
            setStatus(s, ProvisioningState.SUCCEEDED);
        }
        await().until(() -> "Compliant".equals(last(emulator.journal().statusPosts(NAME)).path("complianceState").asText()));

        emulator.failure(FailureMode.HTTP_503_HTML, "status/" + NAME);
        int posts = emulator.journal().statusPosts(NAME).size();
        setStatus(ComplianceState.NON_COMPLIANT, ProvisioningState.FAILED);
        await().until(() -> emulator.journal().statusPosts(NAME).size() >= posts + 2);
        emulator.heal();
        await().until(() -> !emulator.journal().exchanges(e -> NAME.equals(e.configuration()) && e.status() == 200
                && e.body().contains("\"Non-Compliant\"")).isEmpty());
    }

    @Test
    @Order(7)
    void heartbeatsCarryTheVersions() {
        await().until(() -> !emulator.journal().heartbeats().isEmpty());
        JsonNode hb = last(emulator.journal().heartbeats());
        assertThat(hb.path("agentVersion").asText()).isNotBlank();
        assertThat(hb.path("controllerVersion").asText()).isEqualTo("0.1.0-test");
        assertThat(hb.path("fluxVersion").asText()).isEqualTo("v2.7.5");
    }

    @Test
    @Order(8)
    void anEntryWithoutANameBlocksDeletionsAndRemovingTheConfigDeletesItsResource() throws Exception {
        emulator.configurations(EmulatorResource.CLUSTER_PATH,
                List.of(JSON.readValue("{\"properties\":{\"namespace\":\"" + NS + "\"}}",
                        DesiredConfiguration.class)));
        long served = emulator.journal().polls(200);
        await().until(() -> emulator.journal().polls(200) >= served + 1 && emulator.journal().polls(304) > 0 && health.ready());
        long after = emulator.journal().polls(304);
        await().until(() -> emulator.journal().polls(304) >= after + 2);
        assertThat(cr(NS, NAME)).as("still there: the list was not authoritative").isNotNull();

        emulator.configurations(EmulatorResource.CLUSTER_PATH, List.of());
        await().until(() -> cr(NS, NAME) == null);
        // the protected Secret is owned by the FluxConfig: the garbage collector removes it
        await().until(() -> secret() == null);
    }

    @Test
    @Order(9)
    void logsNeverShowATokenAProtectedSettingOrAPrivateKey() {
        assertThat(emulator.issuedTokens()).as("tokens the agent got").isNotEmpty();
        List<String> secrets = new ArrayList<>(List.of(EmulatorResource.CLIENT_SECRET, HTTPS_KEY,
                "pat-secret-value-123", SSH_KEY, "PRIVATE KEY", "not-really-a-key-but-secret"));
        secrets.addAll(emulator.issuedTokens());
        assertThat(logs.lines()).as("captured log lines").hasSizeGreaterThan(20);
        assertThat(logs.containing(secrets)).isEmpty();
        assertThat(logs.lines()).anyMatch(l -> l.contains("corr-" + NAME));
    }

    private void setStatus(ComplianceState compliance, ProvisioningState provisioning) {
        FluxConfigStatus s = new FluxConfigStatus();
        s.setComplianceState(compliance);
        s.setProvisioningState(provisioning);
        var object = new dev.fluxconfig.model.v1alpha1.status.ObjectStatusDefinition();
        object.setName(NAME);
        object.setNamespace(NS);
        object.setKind("GitRepository");
        object.setComplianceState(compliance);
        s.setStatuses(List.of(object));
        kube.resources(FluxConfig.class).inNamespace(NS).withName(NAME).editStatus(c -> {
            c.setStatus(s);
            return c;
        });
    }

    private static JsonNode last(List<JsonNode> list) {
        return list.isEmpty() ? JSON.createObjectNode() : list.get(list.size() - 1);
    }
}
