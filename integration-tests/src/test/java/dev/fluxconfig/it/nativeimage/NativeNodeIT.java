package dev.fluxconfig.it.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;

import dev.fluxconfig.it.node.ChartOnNode;
import dev.fluxconfig.it.node.LocalNode;
import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.sandbox.cli.ConfigurationBuilder;
import dev.fluxconfig.testing.RealKubeServer;
import dev.fluxconfig.testkit.AppProcess;

import picocli.CommandLine;

/**
 * The native controller as the controller pod on a real node: the chart installed with real Helm and
 * {@code fluxconfig-controller.nativeImage=true}, so the pod runs the image of src/main/docker/Dockerfile.native-micro
 * with the chart's {@code nativeOpts} and {@code nativeResources}, under the chart's ServiceAccount and RBAC (the agent
 * stays the JVM image). The tutorial's configuration goes Compliant with the Flux stand-in, the probes pass, the logs
 * are JSON lines as docker and the kubelet keep them, deletion through the cloud removes everything, and the container
 * stays within its limit. Prints start-to-ready and memory (working set and RSS). Run by the native tier
 * ({@code integration-tests/native/test.sh}); needs root for the node, as {@code NodeTutorialIT}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NativeNodeIT {

    static final String NAMESPACE = ChartOnNode.NAMESPACE;
    static final String CONTROLLER = ChartOnNode.CONTROLLER;
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofMinutes(3);

    @RegisterExtension
    static final ChartOnNode.Stack stack = new ChartOnNode.Stack("[native-node-it]",
            Map.of("fluxconfig-controller.nativeImage", "true"));
    static String correlationId;

    @Test
    @Order(1)
    void thePodRunsTheNativeImageWithTheChartsNativeValuesAndItsProbesPass() throws Exception {
        Pod pod = readyPod();
        Container container = pod.getSpec().getContainers().get(0);
        JsonNode values = new ObjectMapper(new YAMLFactory())
                .readTree(RealKubeServer.repoRoot().resolve("helm/fluxconfig/values.yaml").toFile()).path(CONTROLLER);

        assertThat(container.getImage()).isEqualTo(LocalNode.REGISTRY + "/fluxconfig-controller:node-native");
        assertThat(container.getArgs()).as("the chart's nativeOpts").isEqualTo(AppProcess.chartNativeOptions("controller"))
                .isNotEmpty();
        assertThat(container.getEnv()).noneSatisfy(e -> assertThat(e.getName()).isEqualTo("JAVA_OPTS_APPEND"));
        for (String kind : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                var quantity = "requests".equals(kind)
                        ? container.getResources().getRequests().get(resource)
                        : container.getResources().getLimits().get(resource);
                assertThat(quantity.toString()).as("nativeResources.%s.%s", kind, resource)
                        .isEqualTo(values.path("nativeResources").path(kind).path(resource).asText());
            }
        }
        // the image runs the executable itself, not a JVM: the process is /work/application
        String id = pod.getStatus().getContainerStatuses().get(0).getContainerID().replaceFirst("^docker://", "");
        long pid = Long.parseLong(stack.node().docker("inspect", "-f", "{{.State.Pid}}", id).strip());
        assertThat(Files.readSymbolicLink(java.nio.file.Path.of("/proc/" + pid + "/exe")).toString())
                .endsWith("/work/application");
        assertThat(pod.getStatus().getContainerStatuses().get(0).getRestartCount()).as("restarts (probes, OOM)").isZero();

        // start to ready: the container's start to the app's own "started" line, and to the kubelet's Ready (probes)
        Instant started = Instant.parse(pod.getStatus().getContainerStatuses().get(0).getState().getRunning().getStartedAt());
        Instant ready = Instant.parse(pod.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .findFirst().orElseThrow().getLastTransitionTime());
        JsonNode startedLine = logRecords().stream().filter(r -> r.path("message").asText().contains(" started in "))
                .findFirst().orElseThrow(() -> new AssertionError("no 'started in' line in the controller's log"));
        String startedIn = startedLine.path("message").asText().replaceAll(".* started in ([0-9.]+s).*", "$1");
        LocalNode.Memory idle = stack.node().memory(pod, container.getName());
        System.err.printf("[native-node-it] native controller pod: started in %s (its log), Ready %d s after the container"
                + " started (probes: initialDelaySeconds 5, period 10 s); idle working set %.1f MiB, RSS %.1f MiB, limit"
                + " %.0f MiB%n", startedIn, Duration.between(started, ready).toSeconds(), idle.workingSetMib(),
                idle.rssMib(), idle.limitBytes() / 1048576.0);
        assertThat(startedLine.path("message").asText()).contains("native");
    }

    @Test
    @Order(2)
    void theTutorialGoesCompliantWithTheNativeControllerPod() throws Exception {
        ConfigurationBuilder builder = new ConfigurationBuilder();
        new CommandLine(builder).parseArgs("-n", "cluster-config", "--namespace", "cluster-config", "--scope", "cluster",
                "-u", "https://github.com/Azure/gitops-flux2-kustomize-helm-mt", "--branch", "main", "--kustomization",
                "name=infra", "path=./infrastructure", "prune=true", "--kustomization", "name=apps",
                "path=./apps/staging", "prune=true", "dependsOn=[\"infra\"]");
        ConfigurationBuilder.Result result = builder.create(UUID.randomUUID().toString());
        assertThat(result.errors()).isEmpty();
        correlationId = result.configuration().correlationId();
        stack.cloud().put("cluster-config", result.configuration());

        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            FluxConfig cr = stack.admin().resources(FluxConfig.class).inNamespace("cluster-config").withName("cluster-config")
                    .get();
            assertThat(cr).as("applied by the agent pod").isNotNull();
            assertThat(cr.getStatus()).isNotNull();
            assertThat(String.valueOf(cr.getStatus().getComplianceState())).as("in the cluster").isEqualTo("Compliant");
            JsonNode reported = stack.cloud().statuses().get("cluster-config");
            assertThat(reported).as("reported to the cloud").isNotNull();
            assertThat(reported.path("complianceState").asText()).as("reported to the cloud").isEqualTo("Compliant");
        });
        assertThat(stack.admin().resources(GitRepository.class).inNamespace("cluster-config").list().getItems())
                .extracting(g -> g.getMetadata().getName()).containsExactly("cluster-config");
        assertThat(stack.admin().resources(Kustomization.class).inNamespace("cluster-config").list().getItems())
                .extracting(k -> k.getMetadata().getName())
                .containsExactlyInAnyOrder("cluster-config-infra", "cluster-config-apps");
        // the pod's ServiceAccount (the chart's RBAC), not an admin, created the Flux objects
        String sa = "system:serviceaccount:" + NAMESPACE + ":" + CONTROLLER;
        List<String> creators = new ArrayList<>();
        for (String line : Files.readAllLines(stack.node().auditLog())) {
            JsonNode event = JSON.readTree(line);
            String resource = event.path("objectRef").path("resource").asText();
            if ((resource.equals("gitrepositories") || resource.equals("kustomizations"))
                    && event.path("responseStatus").path("code").asInt() == 201) {
                creators.add(event.path("user").path("username").asText());
            }
        }
        assertThat(creators).as("who created the Flux objects").isNotEmpty().containsOnly(sa);
    }

    @Test
    @Order(3)
    void itsLogsAreJsonLinesInDockerAndTheKubeletWithTheCorrelationIdAndNoSecret() throws Exception {
        Pod pod = readyPod();
        String id = pod.getStatus().getContainerStatuses().get(0).getContainerID().replaceFirst("^docker://", "");
        List<String> kubectlLines = stack.node().kubectl("logs", "-n", NAMESPACE, pod.getMetadata().getName()).lines()
                .filter(l -> !l.isBlank()).toList();
        List<String> dockerLines = stack.node().docker("logs", id).lines().filter(l -> !l.isBlank()).toList();
        assertThat(kubectlLines).as("the kubelet's log (kubectl logs)").isNotEmpty();
        assertThat(dockerLines).as("docker logs: the same stream (it may have grown since)")
                .startsWith(kubectlLines.toArray(String[]::new));

        List<JsonNode> records = logRecords();
        assertThat(records).as("a line carries cluster-config's correlation id")
                .anySatisfy(r -> assertThat(r.path("mdc").path("correlationId").asText()).isEqualTo(correlationId));
        assertThat(records).as("listens on loopback only (the chart's QUARKUS_HTTP_HOST on the node's network)")
                .anySatisfy(r -> assertThat(r.path("message").asText())
                        .containsPattern("Listening on: http://127\\.0\\.0\\.1:\\d+"))
                .noneSatisfy(r -> assertThat(r.path("message").asText()).contains("http://0.0.0.0"));
        String logs = String.join("\n", kubectlLines);
        assertThat(logs).doesNotContain(stack.chart().clientSecret()).doesNotContain("Bearer ");
        for (var secret : stack.admin().secrets().inNamespace(NAMESPACE).list().getItems()) {
            if ("kubernetes.io/service-account-token".equals(secret.getType())) {
                assertThat(logs).as("no ServiceAccount token")
                        .doesNotContain(new String(java.util.Base64.getDecoder().decode(secret.getData().get("token"))));
            }
        }
    }

    @Test
    @Order(4)
    void deletingTheConfigurationInTheCloudRemovesEverythingItMade() throws Exception {
        assertThat(stack.cloud().delete("cluster-config")).isTrue();

        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(stack.admin().resources(FluxConfig.class).inNamespace("cluster-config").list().getItems()).isEmpty();
            assertThat(stack.admin().resources(GitRepository.class).inNamespace("cluster-config").list().getItems()).isEmpty();
            assertThat(stack.admin().resources(Kustomization.class).inNamespace("cluster-config").list().getItems()).isEmpty();
            assertThat(
                    stack.admin().serviceAccounts().inNamespace("cluster-config").withName("flux-applier-cluster-config").get())
                    .as("the configuration's applier").isNull();
            assertThat(stack.admin().rbac().clusterRoleBindings().withName("flux-applier.cluster-config.cluster-config").get())
                    .as("the applier's binding").isNull();
        });
    }

    @Test
    @Order(5)
    void theContainerStaysWithinItsLimitWithoutOomKillOrRestart() {
        Pod pod = readyPod();
        Container container = pod.getSpec().getContainers().get(0);
        LocalNode.Memory memory = stack.node().memory(pod, container.getName());
        System.err.printf("[native-node-it] native controller after the tutorial: working set %.1f MiB, RSS %.1f MiB,"
                + " limit %.0f MiB%n", memory.workingSetMib(), memory.rssMib(), memory.limitBytes() / 1048576.0);
        assertThat(memory.limitBytes()).as("nativeResources.limits.memory is enforced by the cgroup")
                .isEqualTo(container.getResources().getLimits().get("memory").getNumericalAmount().longValue());
        assertThat(memory.oomKills()).isZero();
        assertThat(memory.workingSetBytes()).isPositive().isLessThan(memory.limitBytes());
        assertThat(pod.getStatus().getContainerStatuses().get(0).getRestartCount()).isZero();
    }

    /** The controller pod's log (kubectl logs), every line one JSON object. */
    static List<JsonNode> logRecords() throws Exception {
        List<JsonNode> records = new ArrayList<>();
        for (String line : stack.node().kubectl("logs", "-n", NAMESPACE, "deploy/" + CONTROLLER).lines().toList()) {
            if (line.isBlank()) {
                continue;
            }
            assertThat(line).as("every line is one JSON object").startsWith("{").endsWith("}");
            records.add(JSON.readTree(line));
        }
        return records;
    }

    static Pod readyPod() {
        Pod pod = stack.chart().readyPod(CONTROLLER);
        assertThat(pod).as("one ready controller pod").isNotNull();
        return pod;
    }
}
