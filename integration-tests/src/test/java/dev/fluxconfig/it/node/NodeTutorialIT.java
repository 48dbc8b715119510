package dev.fluxconfig.it.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;

import io.fabric8.kubernetes.api.model.Pod;

import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.sandbox.cli.ConfigurationBuilder;

import picocli.CommandLine;

/**
 * The product as users run it: the chart installed with real Helm on a real node (integration-tests/node), its pods
 * running the images built from the project's Dockerfile under the chart's ServiceAccounts, probes, security contexts
 * and limits, against an API server with RBAC on. Only documented values differ from a cluster install: the images, the
 * data plane (the emulator) and its CA, and loopback networking. Flux's controllers stay off; the Flux stand-in runs
 * beside the node with an admin client, as in every other tier.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeTutorialIT {

    static final String NAMESPACE = ChartOnNode.NAMESPACE;
    static final String AGENT = ChartOnNode.AGENT;
    static final String CONTROLLER = ChartOnNode.CONTROLLER;
    static final ObjectMapper JSON = new ObjectMapper();

    /** The tutorial's command, as a person types it ({@code az k8s-configuration flux create …}). */
    static final List<String> CREATE = List.of("-n", "cluster-config", "--namespace", "cluster-config", "--scope",
            "cluster", "-u", "https://github.com/Azure/gitops-flux2-kustomize-helm-mt", "--branch", "main",
            "--kustomization", "name=infra", "path=./infrastructure", "prune=true", "--kustomization", "name=apps",
            "path=./apps/staging", "prune=true", "dependsOn=[\"infra\"]");

    @RegisterExtension
    static final ChartOnNode.Stack stack = new ChartOnNode.Stack("[node-it]", Map.of());
    static final Map<String, String> correlationIds = new LinkedHashMap<>();

    @Test
    @Order(1)
    void theTutorialThroughThePodsEndsCompliantInTheClusterAndInTheCloud() throws Exception {
        create(CREATE);

        awaitCompliant("cluster-config", "cluster-config");
        assertThat(stack.admin().resources(GitRepository.class).inNamespace("cluster-config").list().getItems())
                .extracting(g -> g.getMetadata().getName()).containsExactly("cluster-config");
        assertThat(stack.admin().resources(Kustomization.class).inNamespace("cluster-config").list().getItems())
                .extracting(k -> k.getMetadata().getName())
                .containsExactlyInAnyOrder("cluster-config-infra", "cluster-config-apps");
    }

    @Test
    @Order(2)
    void kubectlLogsOfBothPodsAreJsonLinesWithTheCorrelationIdAndNoSecret() throws Exception {
        List<String> saTokens = stack.admin().secrets().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(s -> "kubernetes.io/service-account-token".equals(s.getType()))
                .map(s -> new String(java.util.Base64.getDecoder().decode(s.getData().get("token")))).toList();
        assertThat(saTokens).as("the pods' ServiceAccount tokens").hasSizeGreaterThanOrEqualTo(2);
        String correlationId = correlationIds.get("cluster-config");
        Pattern emulatorToken = Pattern.compile("emu-[0-9a-f]{48}");

        for (String app : List.of(AGENT, CONTROLLER)) {
            String logs = stack.node().kubectl("logs", "-n", NAMESPACE, "deploy/" + app);
            List<String> lines = logs.lines().filter(l -> !l.isBlank()).toList();
            assertThat(lines).as(app + " logged").isNotEmpty();
            assertThat(logs).as(app + ": listens on loopback only")
                    .containsPattern("Listening on: http://127\\.0\\.0\\.1:\\d+");
            List<JsonNode> records = new ArrayList<>();
            for (String line : lines) {
                assertThat(line).as(app + ": every line is one JSON object").startsWith("{").endsWith("}");
                records.add(JSON.readTree(line));
            }
            assertThat(records).as(app + ": a line carries cluster-config's correlation id")
                    .anySatisfy(r -> assertThat(r.path("mdc").path("correlationId").asText()).isEqualTo(correlationId));
            assertThat(logs).as(app + ": no secret").doesNotContain(stack.chart().clientSecret())
                    .doesNotContainPattern(emulatorToken)
                    .doesNotContain("Bearer ");
            for (String token : saTokens) {
                assertThat(logs).as(app + ": no ServiceAccount token").doesNotContain(token);
            }
        }
    }

    @Test
    @Order(3)
    void aPodDeletedMidRunIsRecreatedAndNothingIsLostOrDuplicated() throws Exception {
        Pod oldController = readyPod(CONTROLLER);
        Pod oldAgent = readyPod(AGENT);
        List<String> names = List.of("restart-a", "restart-b", "restart-c");
        for (String name : names) {
            create(List.of("-n", name, "--namespace", name, "--scope", "namespace", "-u",
                    "https://example.com/node-it/" + name + ".git", "--branch", "main", "--kustomization",
                    "name=apps", "path=./apps", "prune=true"));
        }
        stack.admin().pods().inNamespace(NAMESPACE).withName(oldController.getMetadata().getName()).delete();
        stack.admin().pods().inNamespace(NAMESPACE).withName(oldAgent.getMetadata().getName()).delete();

        await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> {
            assertThat(readyPod(CONTROLLER).getMetadata().getName()).isNotEqualTo(oldController.getMetadata().getName());
            assertThat(readyPod(AGENT).getMetadata().getName()).isNotEqualTo(oldAgent.getMetadata().getName());
        });
        for (String name : names) {
            awaitCompliant(name, name);
            assertThat(stack.admin().resources(FluxConfig.class).inNamespace(name).list().getItems()).hasSize(1);
            assertThat(stack.admin().resources(GitRepository.class).inNamespace(name).list().getItems()).hasSize(1);
            assertThat(stack.admin().resources(Kustomization.class).inNamespace(name).list().getItems())
                    .extracting(k -> k.getMetadata().getName()).containsExactly(name + "-apps");
        }
        assertThat(stack.admin().resources(FluxConfig.class).inAnyNamespace().list().getItems())
                .extracting(c -> c.getMetadata().getNamespace() + "/" + c.getMetadata().getName())
                .containsExactlyInAnyOrder("cluster-config/cluster-config", "restart-a/restart-a", "restart-b/restart-b",
                        "restart-c/restart-c");
        assertThat(stack.cloud().statuses().keySet()).containsExactlyInAnyOrder("cluster-config", "restart-a", "restart-b",
                "restart-c");
        assertThat(readyPod(CONTROLLER).getStatus().getContainerStatuses()).allSatisfy(s -> assertThat(s.getRestartCount())
                .as("no container restarted (probes, OOM)").isZero());
    }

    @Test
    @Order(4)
    void thePodsServiceAccountsDidAllTheWriting() throws Exception {
        // "resource" and "resource created" -> users, for every successful write of our kinds (not the stand-in's status writes)
        Map<String, Set<String>> writers = new LinkedHashMap<>();
        Set<String> allWriters = new TreeSet<>();
        for (String line : Files.readAllLines(stack.node().auditLog())) {
            JsonNode event = JSON.readTree(line);
            JsonNode ref = event.path("objectRef");
            String resource = ref.path("resource").asText()
                    + (ref.has("subresource") ? "/" + ref.path("subresource").asText() : "");
            // the effective user: an impersonated one (the Flux stand-in) or the authenticated one
            String user = event.path("impersonatedUser").path("username").asText(event.path("user").path("username")
                    .asText());
            if (Set.of("fluxconfigs", "fluxconfigs/status", "gitrepositories", "kustomizations").contains(resource)
                    && event.path("responseStatus").path("code").asInt() < 300) {
                writers.computeIfAbsent(resource, r -> new TreeSet<>()).add(user);
                if (event.path("responseStatus").path("code").asInt() == 201) { // created, by POST or by apply
                    writers.computeIfAbsent(resource + " created", r -> new TreeSet<>()).add(user);
                }
                allWriters.add(user);
            }
        }
        String sa = "system:serviceaccount:" + NAMESPACE + ":";

        assertThat(writers.get("fluxconfigs created")).as("who created FluxConfigs").containsExactly(sa + AGENT);
        assertThat(writers.get("gitrepositories created")).as("who created GitRepositories").containsExactly(sa + CONTROLLER);
        assertThat(writers.get("fluxconfigs/status")).as("who wrote FluxConfig status").containsExactly(sa + CONTROLLER);
        assertThat(writers.get("gitrepositories")).as("who wrote GitRepositories (Flux adds its finalizer)")
                .isSubsetOf(sa + CONTROLLER, ChartOnNode.STAND_IN_USER).contains(sa + CONTROLLER);
        assertThat(writers.get("kustomizations")).as("who wrote Kustomizations (Flux adds its finalizer)")
                .containsExactlyInAnyOrder(sa + CONTROLLER, ChartOnNode.STAND_IN_USER);
        assertThat(allWriters).as("every write of these kinds, by anyone (no admin): " + writers)
                .containsExactlyInAnyOrder(sa + AGENT, sa + CONTROLLER, ChartOnNode.STAND_IN_USER);
        for (String app : List.of(AGENT, CONTROLLER)) {
            Pod pod = readyPod(app);
            assertThat(pod.getSpec().getServiceAccountName()).isEqualTo(app);
            assertThat(pod.getSpec().getContainers().get(0).getEnv()).noneSatisfy(e -> assertThat(e.getName())
                    .isEqualTo("KUBECONFIG"));
        }
    }

    @Test
    @Order(5)
    void containersStayWithinTheirMemoryLimitsWithoutOomKill() {
        for (String app : List.of(AGENT, CONTROLLER)) {
            Pod pod = readyPod(app);
            String container = pod.getSpec().getContainers().get(0).getName();
            LocalNode.Memory memory = stack.node().memory(pod, container);
            System.err.printf("[node-it] %s: working set %.1f MiB, RSS %.1f MiB, limit %.0f MiB%n", app,
                    memory.workingSetMib(), memory.rssMib(), memory.limitBytes() / 1024.0 / 1024.0);
            assertThat(memory.limitBytes()).as(app + ": the chart's memory limit is enforced by the cgroup")
                    .isEqualTo(pod.getSpec().getContainers().get(0).getResources().getLimits().get("memory")
                            .getNumericalAmount().longValue());
            assertThat(memory.oomKills()).as(app + ": OOM kills").isZero();
            assertThat(memory.workingSetBytes()).isPositive().isLessThan(memory.limitBytes());
        }
    }

    /** {@code flux create} as the sandbox CLI does it: flags to a desired configuration, PUT to the data plane. */
    static void create(List<String> flags) throws Exception {
        ConfigurationBuilder builder = new ConfigurationBuilder();
        new CommandLine(builder).parseArgs(flags.toArray(String[]::new));
        ConfigurationBuilder.Result result = builder.create(UUID.randomUUID().toString());
        assertThat(result.errors()).isEmpty();
        correlationIds.put(result.configuration().name(), result.configuration().correlationId());
        stack.cloud().put(result.configuration().name(), result.configuration());
    }

    static void awaitCompliant(String namespace, String name) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            FluxConfig cr = stack.admin().resources(FluxConfig.class).inNamespace(namespace).withName(name).get();
            assertThat(cr).as(name + " applied by the agent pod").isNotNull();
            assertThat(cr.getStatus()).as(name + " status").isNotNull();
            assertThat(String.valueOf(cr.getStatus().getComplianceState())).as(name + " in the cluster")
                    .isEqualTo("Compliant");
            JsonNode reported = stack.cloud().statuses().get(name);
            assertThat(reported).as(name + " reported to the cloud").isNotNull();
            assertThat(reported.path("complianceState").asText()).as(name + " reported to the cloud")
                    .isEqualTo("Compliant");
        });
    }

    static Pod readyPod(String app) {
        Pod pod = stack.chart().readyPod(app);
        assertThat(pod).as(app + ": one ready pod").isNotNull();
        return pod;
    }
}
