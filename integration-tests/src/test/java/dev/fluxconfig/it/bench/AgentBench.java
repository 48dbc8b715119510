package dev.fluxconfig.it.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.status.ComplianceState;
import dev.fluxconfig.sandbox.cli.ConfigurationBuilder;
import dev.fluxconfig.sandbox.cli.TutorialCommand;
import dev.fluxconfig.sandbox.emulator.DataPlaneEmulator;
import dev.fluxconfig.testkit.AppProcess;

import picocli.CommandLine;

/**
 * The agent part of the benchmark: the packaged agent (the chart's JVM settings) against the data-plane emulator with a
 * fleet of configurations. Measures what one idle poll costs on the wire (requests and bytes of a poll round that finds
 * nothing new) and the latency from a change in the emulator to the changed FluxConfig in the cluster, for one change per
 * configuration made at random moments (so the changes fall anywhere in the poll cycle).
 */
final class AgentBench {

    /** The figures, formatted for the table; {@code p99Ms} is a bare number for the last line. */
    record Figures(String requestsPerIdlePoll, String bytesPerIdlePoll, String p50Ms, String p99Ms, String detail) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final Path kubeconfig;
    private final Path workDir;
    private final int configs;
    private final Duration poll;

    AgentBench(KubernetesClient client, Path kubeconfig, Path workDir, int configs, Duration poll) {
        this.client = client;
        this.kubeconfig = kubeconfig;
        this.workDir = workDir;
        this.configs = configs;
        this.poll = poll;
    }

    Figures run() throws Exception {
        String clusterPath = TutorialCommand.clusterPath();
        String namespace = "agent-bench";
        try (DataPlaneEmulator emulator = new DataPlaneEmulator().start()) {
            for (int i = 0; i < configs; i++) {
                emulator.putConfiguration(clusterPath, name(i), configuration(name(i), namespace, "main"));
            }
            // the moment each FluxConfig is seen with the branch the emulator holds for it
            Map<String, Long> seen = new ConcurrentHashMap<>();
            Map<String, String> wanted = new ConcurrentHashMap<>();
            SharedIndexInformer<FluxConfig> informer = client.resources(FluxConfig.class).inNamespace(namespace)
                    .inform(new ResourceEventHandler<>() {
                        @Override
                        public void onAdd(FluxConfig c) {
                            check(c);
                        }

                        @Override
                        public void onUpdate(FluxConfig before, FluxConfig c) {
                            check(c);
                        }

                        @Override
                        public void onDelete(FluxConfig c, boolean unknown) {
                        }

                        private void check(FluxConfig c) {
                            String name = c.getMetadata().getName();
                            String branch = c.getSpec().getGitRepository().getRepositoryRef().getBranch();
                            if (branch != null && branch.equals(wanted.get(name))) {
                                seen.putIfAbsent(name, System.nanoTime());
                            }
                        }
                    });
            for (int i = 0; i < configs; i++) {
                wanted.put(name(i), "main");
            }
            Map<String, String> env = new LinkedHashMap<>(TutorialCommand.agentEnvironment(emulator));
            env.put("FLUXCONFIG_AGENT_POLL_INTERVAL", poll.toSeconds() + "s");
            try (AppProcess agent = AppProcess.start("agent", kubeconfig, workDir.resolve("agent.log"), env, List.of())) {
                agent.awaitReady(Duration.ofMinutes(2));
                Awaitility.await("every FluxConfig written by the agent").atMost(Duration.ofMinutes(5))
                        .pollInterval(Duration.ofMillis(200)).until(() -> seen.size() == configs);
                long rssKib = agent.rssKib();

                // idle: polls that find nothing new, once the controller made every configuration Compliant and the
                // agent has posted that
                Awaitility.await("every agent-written FluxConfig Compliant").atMost(Duration.ofMinutes(5))
                        .pollInterval(Duration.ofMillis(500)).until(() -> client.resources(FluxConfig.class)
                                .inNamespace(namespace).list().getItems().stream().filter(c -> c.getStatus() != null
                                        && c.getStatus().getComplianceState() == ComplianceState.COMPLIANT)
                                .count() == configs);
                TimeUnit.MILLISECONDS.sleep(poll.toMillis() * 2); // lets the status posts of that settle
                int before = emulator.requests().size();
                long idleStart = System.nanoTime();
                LongSupplier polls = () -> emulator.requests().stream().skip(before).filter(AgentBench::isPoll).count();
                Awaitility.await("ten idle polls").atMost(poll.multipliedBy(14)).pollInterval(Duration.ofMillis(100))
                        .until(() -> polls.getAsLong() >= 10);
                List<JsonNode> idle = emulator.requests().subList(before, emulator.requests().size());
                long idlePolls = idle.stream().filter(AgentBench::isPoll).count();
                long idleNotModified = idle.stream().filter(r -> isPoll(r) && r.path("status").asInt() == 304).count();
                long bytes = idle.stream().mapToLong(r -> r.path("requestBytes").asLong() + r.path("responseBytes")
                        .asLong()).sum();
                double idleS = (System.nanoTime() - idleStart) / 1e9;

                // latency: one change per configuration at a random moment of a window of three poll intervals
                seen.clear();
                Random random = new Random(42);
                List<Long> offsets = new ArrayList<>();
                for (int i = 0; i < configs; i++) {
                    offsets.add((long) (random.nextDouble() * poll.toNanos() * 3));
                }
                Collections.sort(offsets);
                Map<String, Long> changedAt = new LinkedHashMap<>();
                long start = System.nanoTime();
                for (int i = 0; i < configs; i++) {
                    long due = start + offsets.get(i);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait); // the schedule of the changes, not a wait for a condition
                    }
                    String name = name(i);
                    wanted.put(name, "release-" + i);
                    changedAt.put(name, System.nanoTime());
                    emulator.putConfiguration(clusterPath, name, configuration(name, namespace, "release-" + i));
                }
                Awaitility.await("every change in the cluster").atMost(poll.multipliedBy(4).plusMinutes(2))
                        .pollInterval(Duration.ofMillis(100)).until(() -> seen.keySet().containsAll(changedAt.keySet()));
                List<Double> latencies = new ArrayList<>();
                changedAt.forEach((name, t0) -> latencies.add((seen.get(name) - t0) / 1e6));
                Collections.sort(latencies);
                informer.stop();
                String detail = String.format(Locale.ROOT,
                        "%d configurations, poll interval %s; idle window %.0f s: %d polls (%d answered 304), %d requests "
                                + "in all; agent RSS %d MiB after the first apply",
                        configs, poll, idleS, idlePolls, idleNotModified, idle.size(), rssKib / 1024);
                return new Figures(String.format(Locale.ROOT, "%.2f", idle.size() / (double) idlePolls),
                        String.format(Locale.ROOT, "%.0f (HTTP/1.1 request and response, headers included)",
                                bytes / (double) idlePolls),
                        String.format(Locale.ROOT, "%.0f", percentile(latencies, 50)),
                        String.format(Locale.ROOT, "%.0f", percentile(latencies, 99)), detail);
            } finally {
                informer.stop();
            }
        }
    }

    private static boolean isPoll(JsonNode request) {
        return "GET".equals(request.path("method").asText())
                && request.path("path").asText().endsWith("/getPendingConfigs");
    }

    static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String name(int i) {
        return String.format(Locale.ROOT, "bench-%03d", i);
    }

    /** The tutorial's configuration as {@code az k8s-configuration flux create} sends it, with its own URL and branch. */
    private static JsonNode configuration(String name, String namespace, String branch) {
        ConfigurationBuilder flags = new ConfigurationBuilder();
        new CommandLine(flags).parseArgs("-n", name, "--namespace", namespace, "--scope", "cluster", "-u",
                "https://example.com/bench/" + name, "--branch", branch, "--kustomization", "name=infra",
                "path=./infrastructure", "prune=true", "--kustomization", "name=apps", "path=./apps/staging",
                "prune=true", "dependsOn=[\"infra\"]");
        ConfigurationBuilder.Result result = flags.create(java.util.UUID.randomUUID().toString());
        if (!result.errors().isEmpty()) {
            throw new IllegalStateException("the benchmark's configuration was refused: " + result.errors());
        }
        return JSON.valueToTree(result.configuration());
    }

}
