package dev.fluxconfig.it.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.Pod;

import dev.fluxconfig.it.node.ChartOnNode;
import dev.fluxconfig.it.node.LocalNode;
import dev.fluxconfig.sandbox.cli.ConfigurationBuilder;
import dev.fluxconfig.sandbox.cli.SandboxState;
import dev.fluxconfig.sandbox.emulator.DataPlaneEmulator;
import dev.fluxconfig.sandbox.fluxstandin.FluxStandIn;

import picocli.CommandLine;

/**
 * The benchmark's node mode ({@code run.sh --on-node}): the chart's pods on a real node (integration-tests/node), fed
 * {@code --configs} configurations through the data-plane emulator, the Flux stand-in making the generated objects
 * Ready. What it measures is memory as a limit sees it: the working set of each container's memory cgroup (usage minus
 * inactive file pages, what the kubelet enforces limits against) beside the RSS of its JVM, idle and with the
 * configurations, and whether any container was OOM-killed or restarted. CPU limits are raised to one core (a documented
 * value) so that the run takes minutes; memory requests and limits are the chart's. {@code --native}: the controller
 * pod runs the native image with the chart's nativeOpts and nativeResources.
 */
public final class NodeBench {

    private final int configs;
    private final int perNamespace;
    private final Duration timeout;
    private final Map<String, String> table = new LinkedHashMap<>();

    private final boolean nativeController;

    private NodeBench(int configs, int perNamespace, Duration timeout, boolean nativeController) {
        this.configs = configs;
        this.perNamespace = perNamespace;
        this.timeout = timeout;
        this.nativeController = nativeController;
    }

    public static void main(String[] args) throws Exception {
        int configs = 1000;
        int perNamespace = 10;
        Duration timeout = Duration.ofMinutes(30);
        boolean nativeController = false;
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].equals("--native")) { // the controller's native image (chart value nativeImage)
                nativeController = true;
                i--;
                continue;
            }
            String v = i + 1 < args.length ? args[i + 1] : null;
            if (v == null) {
                System.err.println(args[i] + " needs a value; usage: NodeBench [--configs 1000] [--per-namespace 10] "
                        + "[--timeout 30m] [--native]");
                System.exit(2);
            }
            switch (args[i]) {
                case "--configs" -> configs = Integer.parseInt(v);
                case "--per-namespace" -> perNamespace = Integer.parseInt(v);
                case "--timeout" -> timeout = dev.fluxconfig.model.Durations.parseFlux(v);
                default -> {
                    System.err.println("unknown argument " + args[i] + "; known: --configs --per-namespace --timeout --native");
                    System.exit(2);
                }
            }
        }
        new NodeBench(configs, perNamespace, timeout, nativeController).run();
        System.exit(0);
    }

    /** Highest working set and RSS seen per container over a window, plus the last sample. */
    static final class Peak {
        final Map<String, LocalNode.Memory> max = new LinkedHashMap<>();
        final Map<String, LocalNode.Memory> last = new LinkedHashMap<>();

        void add(Map<String, LocalNode.Memory> sample) {
            sample.forEach((app, m) -> {
                last.put(app, m);
                max.merge(app, m, (a, b) -> new LocalNode.Memory(Math.max(a.usageBytes(), b.usageBytes()),
                        Math.max(a.workingSetBytes(), b.workingSetBytes()), Math.max(a.rssKib(), b.rssKib()),
                        b.limitBytes(), Math.max(a.oomKills(), b.oomKills())));
            });
        }
    }

    void run() throws Exception {
        long t0 = System.nanoTime();
        try (LocalNode node = LocalNode.start();
                DataPlaneEmulator emulator = new DataPlaneEmulator(DataPlaneEmulator.Options.defaults()).start();
                FluxStandIn standIn = FluxStandIn.builder(ChartOnNode.installFluxCrds(node)).allNamespaces()
                        .reconcileDelay(Duration.ofMillis(200)).start()) {
            say("node Ready in %.1f s", seconds(t0));
            long t1 = System.nanoTime();
            Map<String, String> sets = new LinkedHashMap<>(Map.of("fluxconfig-agent.resources.limits.cpu", "1000m",
                    "fluxconfig-controller.resources.limits.cpu", "1000m"));
            if (nativeController) {
                sets.put("fluxconfig-controller.nativeImage", "true");
                sets.put("fluxconfig-controller.nativeResources.limits.cpu", "1000m");
            }
            ChartOnNode chart = ChartOnNode.install(node, emulator, sets);
            say("chart installed, both pods Ready in %.1f s%s", seconds(t1), nativeController ? " (native controller)" : "");

            // idle: both Ready, no configuration; a fixed sampling window (a measurement, not a wait for a condition)
            Peak idle = sample(chart, Duration.ofSeconds(30));
            SandboxState.Admin cloud = chart.cloud();

            long t2 = System.nanoTime();
            for (int i = 0; i < configs; i++) {
                String ns = String.format("bench-%03d", i / perNamespace);
                String name = String.format("cfg-%04d", i);
                ConfigurationBuilder b = new ConfigurationBuilder();
                new CommandLine(b).parseArgs("-n", name, "--namespace", ns, "--scope", "namespace", "-u",
                        "https://example.com/node-bench/repo-" + i + ".git", "--branch", "main", "--kustomization",
                        "name=infra", "path=./infrastructure", "prune=true", "--kustomization", "name=apps",
                        "path=./apps", "prune=true", "dependsOn=[\"infra\"]");
                ConfigurationBuilder.Result r = b.create(UUID.randomUUID().toString());
                if (!r.errors().isEmpty()) {
                    throw new IllegalStateException("configuration refused: " + r.errors());
                }
                cloud.put(name, r.configuration());
            }
            say("%d configurations put to the data plane in %.1f s", configs, seconds(t2));

            Peak load = new Peak();
            long deadline = System.nanoTime() + timeout.toNanos();
            long compliant = 0;
            while (System.nanoTime() < deadline) {
                load.add(chart.memory());
                compliant = cloud.statuses().values().stream()
                        .filter(s -> "Compliant".equals(s.path("complianceState").asText())).count();
                if (compliant == configs) {
                    break;
                }
                TimeUnit.SECONDS.sleep(2); // a sampling interval of the measurement, not a wait for a condition
            }
            double convergeS = seconds(t2);
            say("%d/%d reported Compliant to the cloud after %.1f s", compliant, configs, convergeS);
            Peak after = sample(chart, Duration.ofSeconds(60));

            List<String> restarts = new ArrayList<>();
            for (String app : List.of(ChartOnNode.AGENT, ChartOnNode.CONTROLLER)) {
                Pod pod = chart.readyPod(app);
                restarts.add(app + " " + (pod == null
                        ? "not ready"
                        : pod.getStatus().getContainerStatuses().get(0).getRestartCount() + " restarts"));
            }
            row("configurations", configs + " (" + perNamespace + " per namespace, 2 kustomizations each, multi-tenancy on)");
            row("converge_s", fmt(convergeS) + " (all put to the data plane to all reported Compliant; " + compliant + "/"
                    + configs + ")");
            for (String app : List.of(ChartOnNode.AGENT, ChartOnNode.CONTROLLER)) {
                row(app + " idle", describe(idle.max.get(app)));
                row(app + " converging (max)", describe(load.max.get(app)));
                row(app + " after convergence (max of 60 s)", describe(after.max.get(app)));
            }
            row("restarts", String.join(", ", restarts));
            printTable();
            LocalNode.Memory a = after.max.get(ChartOnNode.AGENT);
            LocalNode.Memory c = after.max.get(ChartOnNode.CONTROLLER);
            LocalNode.Memory al = load.max.get(ChartOnNode.AGENT);
            LocalNode.Memory cl = load.max.get(ChartOnNode.CONTROLLER);
            System.out.printf(Locale.ROOT, "node-bench: compliant=%d/%d agent_ws_idle_mib=%.0f agent_ws_max_mib=%.0f "
                    + "controller_ws_idle_mib=%.0f controller_ws_max_mib=%.0f oom_kills=%d%n", compliant, configs,
                    idle.max.get(ChartOnNode.AGENT).workingSetMib(), Math.max(a.workingSetMib(), al.workingSetMib()),
                    idle.max.get(ChartOnNode.CONTROLLER).workingSetMib(), Math.max(c.workingSetMib(), cl.workingSetMib()),
                    a.oomKills() + c.oomKills());
            System.err.println(node.kubectl("get", "pods", "-A", "-o", "wide"));
        }
    }

    Peak sample(ChartOnNode chart, Duration window) throws InterruptedException {
        Peak p = new Peak();
        long end = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < end) {
            p.add(chart.memory());
            TimeUnit.SECONDS.sleep(1); // a sampling interval of the measurement window
        }
        return p;
    }

    static String describe(LocalNode.Memory m) {
        if (m == null) {
            return "no ready pod";
        }
        return String.format(Locale.ROOT, "working set %.1f MiB, RSS %.1f MiB (limit %.0f MiB, OOM kills %d)",
                m.workingSetMib(), m.rssMib(), m.limitBytes() / 1048576.0, m.oomKills());
    }

    void row(String k, String v) {
        table.put(k, v);
    }

    void printTable() {
        int w = table.keySet().stream().mapToInt(String::length).max().orElse(10);
        table.forEach((k, v) -> System.out.printf("%-" + w + "s  %s%n", k, v));
    }

    static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    static void say(String format, Object... args) {
        System.out.printf("[node-bench] " + format + "%n", args);
        System.out.flush();
    }
}
