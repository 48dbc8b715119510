package dev.fluxconfig.it.bench;

import static dev.fluxconfig.model.FluxConfigConstants.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import dev.fluxconfig.controller.ChildKind;
import dev.fluxconfig.controller.desired.ApplierRbacDesired;
import dev.fluxconfig.controller.desired.KustomizationDesired;
import dev.fluxconfig.controller.desired.SourceDesired;
import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.status.ComplianceState;
import dev.fluxconfig.sandbox.fluxstandin.FluxStandIn;
import dev.fluxconfig.testing.RealKubeServer;
import dev.fluxconfig.testkit.AppProcess;
import dev.fluxconfig.testkit.Fleet;
import dev.fluxconfig.testkit.Integrity;

/**
 * The benchmark of issue 8 (a measurement, not a test: nothing here runs in {@code mvn verify}); {@code run.sh} starts the
 * API server and launches it. In one run, on one API server, with the Flux stand-in (test equipment) in this JVM:
 * <ol>
 * <li>baseline: a plain client creates, with {@code --threads} threads, the objects the controller would generate for
 * {@code --configs} configurations (the controller's own desired-object builders, without owner references and with a
 * label the controller does not select), and the stand-in makes them Ready;</li>
 * <li>the packaged controller starts as a process with the chart's JVM settings; the same number of FluxConfigs are
 * created with the same parallelism, and the clock runs until every generated object exists and every FluxConfig is
 * Compliant;</li>
 * <li>two resync periods of the controller pass, counting its API writes ({@code idle_writes}) and sampling its memory.</li>
 * </ol>
 * It prints a table and, last, one line {@code bench: ratio=… idle_writes=… controller_rss_mib=… agent_p99_ms=…}.
 */
public final class Bench {

    static final String USAGE = """
            usage: Bench --kubeconfig PATH [--kube-data DIR] [--configs 1000] [--per-namespace 10] [--threads 8]
                         [--resync 20s] [--work-dir DIR] [--controller-jvm-option OPT]... [--controller-env K=V]...
                         [--timeout 30m] [--diagnose] [--agent-configs 100] [--agent-poll 10s] [--native]
                         [--plot docs/bench-convergence-N.png]
            --diagnose writes jcmd reports of the controller (heap, class histogram, metaspace, native memory when
            -XX:NativeMemoryTracking=summary is among its options) to the work dir after the idle window.
            --native runs the controller's native executable (controller/target/*-runner) with the chart's nativeOpts;
            --controller-jvm-option then adds options of the executable. --agent-configs 0 leaves the agent out.
            --plot: where the convergence curves go (PNG); the figures of each run stay in the work dir
            (results-N.properties) for the per-configuration slope between two runs of different N.""";

    private static final String BASELINE_MANAGED_BY = "fluxconfig-bench-baseline";

    private final Settings settings;
    private final KubernetesClient client;
    private final Map<String, String> table = new LinkedHashMap<>();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    record Settings(Path kubeconfig, Path kubeData, int configs, int perNamespace, int threads, Duration resync,
            Path workDir, List<String> controllerJvmOptions, Map<String, String> controllerEnv, Duration timeout,
            boolean diagnose, int agentConfigs, Duration agentPoll, boolean nativeImage, Path plot) {
    }

    private Bench(Settings settings) {
        this.settings = settings;
        this.client = newClient(settings.kubeconfig());
    }

    public static void main(String[] args) throws Exception {
        Settings settings;
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        new Bench(settings).run();
        System.exit(0);
    }

    static Settings parse(String... args) {
        Path kubeconfig = null;
        int configs = 1000;
        int perNamespace = 10;
        int threads = 8;
        Duration resync = Duration.ofSeconds(20);
        Path workDir = Path.of("integration-tests/target/bench");
        Duration timeout = Duration.ofMinutes(30);
        List<String> jvm = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        Path kubeData = null;
        boolean diagnose = false;
        boolean nativeImage = false;
        Path plot = null;
        int agentConfigs = 100;
        Duration agentPoll = Duration.ofSeconds(10);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--diagnose")) {
                diagnose = true;
                continue;
            }
            if (a.equals("--native")) {
                nativeImage = true;
                continue;
            }
            String v = i + 1 < args.length ? args[i + 1] : null;
            if (v == null) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            switch (a) {
                case "--kubeconfig" -> kubeconfig = Path.of(v);
                case "--configs" -> configs = Integer.parseInt(v);
                case "--per-namespace" -> perNamespace = Integer.parseInt(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--resync" -> resync = dev.fluxconfig.model.Durations.parseFlux(v);
                case "--work-dir" -> workDir = Path.of(v);
                case "--controller-jvm-option" -> jvm.add(v);
                case "--controller-env" -> {
                    int eq = v.indexOf('=');
                    if (eq < 1) {
                        throw new IllegalArgumentException("--controller-env takes NAME=VALUE");
                    }
                    env.put(v.substring(0, eq), v.substring(eq + 1));
                }
                case "--kube-data" -> kubeData = Path.of(v);
                case "--timeout" -> timeout = dev.fluxconfig.model.Durations.parseFlux(v);
                case "--agent-configs" -> agentConfigs = Integer.parseInt(v);
                case "--agent-poll" -> agentPoll = dev.fluxconfig.model.Durations.parseFlux(v);
                case "--plot" -> plot = Path.of(v);
                default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
            i++;
        }
        if (kubeconfig == null) {
            throw new IllegalArgumentException("--kubeconfig is required");
        }
        if (configs < 1 || perNamespace < 1 || threads < 1) {
            throw new IllegalArgumentException("--configs, --per-namespace and --threads must be positive");
        }
        return new Settings(kubeconfig, kubeData, configs, perNamespace, threads, resync, workDir, List.copyOf(jvm),
                Map.copyOf(env), timeout, diagnose, agentConfigs, agentPoll, nativeImage,
                plot != null ? plot : Path.of("docs", "bench-convergence-" + configs + ".png"));
    }

    static KubernetesClient newClient(Path kubeconfig) {
        try {
            Config config = Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
            config.setRequestTimeout(60_000);
            return new KubernetesClientBuilder().withConfig(config).build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + kubeconfig, e);
        }
    }

    void run() throws Exception {
        Files.createDirectories(settings.workDir());
        RealKubeServer.installCrds(client);
        Fleet baseline = new Fleet("bench-base", settings.configs(), settings.perNamespace(), ChildKind.types());
        Fleet fleet = new Fleet("bench-cfg", settings.configs(), settings.perNamespace(), ChildKind.types());
        say("%d configurations, %d to a namespace, 2 kustomizations each; %d objects generated per fleet; %d threads",
                settings.configs(), settings.perNamespace(), fleet.generatedObjectCount(), settings.threads());

        SharedIndexInformer<FluxConfig> configs = informer(client.resources(FluxConfig.class).inAnyNamespace()
                .runnableInformer(0));
        SharedIndexInformer<GitRepository> gits = informer(client.resources(GitRepository.class).inAnyNamespace()
                .runnableInformer(0));
        SharedIndexInformer<Kustomization> kustomizations = informer(client.resources(Kustomization.class)
                .inAnyNamespace().runnableInformer(0));
        SharedIndexInformer<ClusterRoleBinding> bindings = informer(client.rbac().clusterRoleBindings()
                .runnableInformer(0));
        SharedIndexInformer<ServiceAccount> accounts = informer(client.serviceAccounts().inAnyNamespace()
                .runnableInformer(0));
        for (SharedIndexInformer<?> i : informers) {
            i.start().toCompletableFuture().get(2, TimeUnit.MINUTES);
        }

        Profile profile = new Profile(client);
        profile.process("bench JVM (stand-in, plain client, informers)", ProcessHandle.current().pid());
        if (settings.kubeData() != null) {
            profile.kubeProcesses(settings.kubeData());
        }
        try (KubernetesClient standInClient = newClient(settings.kubeconfig());
                FluxStandIn standIn = FluxStandIn.builder(standInClient).allNamespaces().start()) {
            // 1. the floor: a plain client creates the same objects; the stand-in makes them Ready
            baseline.createNamespaces(client);
            awaitNamespaceTokens(accounts, baseline);
            FluxStandIn.Stats standInBefore = standIn.stats();
            Profile.Snapshot p0 = profile.snapshot();
            long t0 = System.nanoTime();
            ConvergencePlot.Series baselineCurve = new ConvergencePlot.Series(
                    "baseline: plain client creates (Ready Flux objects / 3)",
                    () -> (ready(gits, baseline) + ready(kustomizations, baseline)) / 3.0);
            Fleet.parallel(settings.threads(), settings.configs(), i -> createBaselineObjects(baseline, i));
            double createS = seconds(t0);
            waitFor("baseline objects Ready", () -> ready(gits, baseline) == settings.configs()
                    && ready(kustomizations, baseline) == 2L * settings.configs(),
                    () -> "GitRepositories Ready "
                            + ready(gits, baseline) + ", Kustomizations Ready " + ready(kustomizations, baseline));
            double baselineS = seconds(t0);
            baselineCurve.close();
            waitFor("stand-in idle", standIn::isIdle, () -> "stand-in busy");
            FluxStandIn.Stats standInBaseline = minus(standIn.stats(), standInBefore);
            Profile.Snapshot p1 = profile.snapshot();
            say("baseline: created in %.2f s, Ready after %.2f s", createS, baselineS);

            // 2. the controller
            fleet.createNamespaces(client);
            awaitNamespaceTokens(accounts, fleet);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("FLUXCONFIG_CONTROLLER_RESYNC_PERIOD", settings.resync().toSeconds() + "s");
            env.put("QUARKUS_LOG_LEVEL", "WARN");
            env.putAll(settings.controllerEnv());
            Path controllerLog = settings.workDir().resolve("controller.log");
            try (AppProcess controller = settings.nativeImage()
                    ? AppProcess.startNative("controller", settings.kubeconfig(), controllerLog, env,
                            settings.controllerJvmOptions())
                    : AppProcess.start(settings.kubeconfig(), controllerLog, env, settings.controllerJvmOptions())) {
                Files.writeString(settings.workDir().resolve("controller.pid"), Long.toString(controller.pid()));
                profile.process("controller", controller.pid());
                long startT = System.nanoTime();
                controller.awaitReady(Duration.ofMinutes(2));
                double startS = seconds(startT);
                Map<String, Double> metricsStart = controller.metrics();
                long rssStartKib = controller.rssKib();
                standInBefore = standIn.stats();
                Profile.Snapshot p2 = profile.snapshot();
                long t1 = System.nanoTime();
                ConvergencePlot.Series controllerCurve = new ConvergencePlot.Series(
                        "controller: FluxConfigs Compliant", () -> compliant(configs, fleet));
                fleet.createConfigs(client, settings.threads());
                double createdS = seconds(t1);
                waitFor("every FluxConfig Compliant and every generated object present",
                        () -> compliant(configs, fleet) == settings.configs() && generated(gits, kustomizations,
                                bindings, accounts, fleet) == fleet.generatedObjectCount(),
                        () -> "Compliant " + compliant(configs, fleet) + "/" + settings.configs() + ", generated objects "
                                + generated(gits, kustomizations, bindings, accounts, fleet) + "/"
                                + fleet.generatedObjectCount());
                double convergeS = seconds(t1);
                controllerCurve.close();
                Map<String, Double> metricsConverged = controller.metrics();
                long rssConvergedKib = controller.rssKib();
                long rssAnonConvergedKib = controller.rssAnonKib();
                double heapConverged = AppProcess.heapUsedBytes(metricsConverged);
                FluxStandIn.Stats standInConverge = minus(standIn.stats(), standInBefore);
                Profile.Snapshot p3 = profile.snapshot();
                say("converged in %.2f s (FluxConfigs created in %.2f s)", convergeS, createdS);

                // 3. idle: two resync periods, sampling writes and memory every second
                double writesConverged = AppProcess.writes(metricsConverged);
                long window = settings.resync().multipliedBy(2).toNanos();
                long idleStart = System.nanoTime();
                long rssMaxIdleKib = 0;
                double heapMaxIdle = 0;
                while (System.nanoTime() - idleStart < window) {
                    TimeUnit.SECONDS.sleep(1); // a sampling interval of the measurement window, not a wait for a condition
                    rssMaxIdleKib = Math.max(rssMaxIdleKib, controller.rssKib());
                    heapMaxIdle = Math.max(heapMaxIdle, AppProcess.heapUsedBytes(controller.metrics()));
                }
                Map<String, Double> metricsIdle = controller.metrics();
                double idleWrites = AppProcess.writes(metricsIdle) - writesConverged;
                long peakKib = controller.peakRssKib();
                if (settings.diagnose()) {
                    diagnose(controller.pid());
                }
                // the live set: what the caches hold once garbage is gone (JVM only: jcmd)
                double heapLive = settings.nativeImage() ? Double.NaN : heapAfterFullGc(controller);
                List<String> problems = Integrity.problems(client, fleet);

                say("agent: %d configurations through the data-plane emulator, poll interval %s", settings.agentConfigs(),
                        settings.agentPoll());
                AgentBench.Figures agent = settings.agentConfigs() == 0
                        ? null
                        : new AgentBench(client, settings.kubeconfig(), settings.workDir(), settings.agentConfigs(),
                                settings.agentPoll()).run();

                double ratio = convergeS / baselineS;
                Writes baselineWrites = Writes.of(Profile.configWrites(p0, p1), standInBaseline, 0);
                Writes controllerWrites = Writes.of(Profile.configWrites(p2, p3), standInConverge,
                        Profile.configWrites(p2, p3).getOrDefault("POST fluxconfigs", 0L));
                double controllerPerConfig = (double) controllerWrites.total() / settings.configs();
                double baselinePerConfig = (double) baselineWrites.total() / settings.configs();
                Path plot = ConvergencePlot.write(settings.plot(), String.format(Locale.ROOT,
                        "Convergence of %d configurations: baseline %.1f s, controller %.1f s (ratio %.2f)",
                        settings.configs(), baselineS, convergeS, ratio), settings.configs(),
                        List.of(baselineCurve, controllerCurve));
                say("convergence curves in %s", plot);
                Results results = new Results(settings.configs(), rssConvergedKib, heapConverged, heapLive);
                results.save(settings.workDir());
                Results smaller = Results.closestSmaller(settings.workDir(), settings.configs());
                row("machine", machine());
                row("configurations", settings.configs() + " (" + settings.perNamespace() + " per namespace, "
                        + fleet.namespaceCount() + " namespaces, 2 kustomizations each, multi-tenancy on)");
                row("generated objects", fleet.generatedObjectCount() + " (per configuration GitRepository, 2 "
                        + "Kustomizations, ClusterRoleBinding, applier ServiceAccount)");
                row("client threads", Integer.toString(settings.threads()));
                row("baseline create_s", fmt(createS) + " (plain client, POST of every object)");
                row("baseline_s", fmt(baselineS) + " (plain client creates, stand-in makes them Ready)");
                row("controller start_s", fmt(startS) + " (process start to /q/health/ready)");
                row("FluxConfigs created_s", fmt(createdS));
                row("converge_s", fmt(convergeS) + " (first FluxConfig created to all Compliant, every object present)");
                row("ratio", fmt(ratio) + " (converge_s / baseline_s); against create only: " + fmt(convergeS / createS));
                row("controller writes while converging", writesSummary(metricsStart, metricsConverged));
                row("writes per configuration", String.format(Locale.ROOT, "controller %.2f, baseline %.2f (API server's "
                        + "write requests to the configurations' resources, less the stand-in's, the FluxConfig creates "
                        + "and the controller-manager's token writes; controller %d: %s; baseline %d: %s)", controllerPerConfig,
                        baselinePerConfig,
                        controllerWrites.total(), controllerWrites.detail(), baselineWrites.total(),
                        baselineWrites.detail()));
                row("stand-in writes, baseline", standInBaseline.statusWrites() + " status, "
                        + standInBaseline.objectWrites() + " object");
                row("stand-in writes, converge", standInConverge.statusWrites() + " status, "
                        + standInConverge.objectWrites() + " object");
                row("CPU s, baseline", Profile.cpu(p0, p1));
                row("CPU s, converge", Profile.cpu(p2, p3));
                row("API requests, baseline", Profile.requests(p0, p1, 6));
                row("API requests, converge", Profile.requests(p2, p3, 8));
                row("resync period", settings.resync().toSeconds() + " s (FLUXCONFIG_CONTROLLER_RESYNC_PERIOD)");
                row("idle_writes", fmtInt(idleWrites) + " (controller API writes in 2 resync periods after convergence)");
                row(settings.nativeImage() ? "controller native" : "controller JVM", String.join(" ",
                        settings.nativeImage()
                                ? AppProcess.chartNativeOptions("controller")
                                : AppProcess.chartJvmOptions("controller"))
                        + (settings
                                .controllerJvmOptions().isEmpty()
                                        ? ""
                                        : " " + String.join(" ", settings.controllerJvmOptions()))
                        + (settings.controllerEnv().isEmpty() ? "" : "; env " + settings.controllerEnv()));
                row("controller_rss_mib", mib(rssConvergedKib) + " after convergence ("
                        + (settings.nativeImage()
                                ? "native executable " + Files.size(AppProcess.nativeRunner("controller"))
                                        / 1048576 + " MiB"
                                : "JVM mode")
                        + "; ready, no configs: " + mib(rssStartKib) + "; max while idle " + mib(rssMaxIdleKib)
                        + "; peak VmHWM " + mib(peakKib) + ")");
                row("controller RSS anon MiB", mib(rssAnonConvergedKib) + " after convergence (the rest of the RSS is "
                        + "mapped from files: code, image heap, libraries)");
                row("controller heap used MiB", String.format(Locale.ROOT, "%.1f after convergence, max %.1f while idle; "
                        + "live after a full GC %.1f", heapConverged / 1048576.0, heapMaxIdle / 1048576.0,
                        heapLive / 1048576.0));
                if (smaller != null) {
                    row("controller per configuration", results.slopeFrom(smaller));
                }
                row("convergence plot", plot.toString());
                if (agent != null) {
                    row("agent requests per idle poll", agent.requestsPerIdlePoll());
                    row("agent bytes per idle poll", agent.bytesPerIdlePoll());
                    row("agent p50 ms (emulator change to FluxConfig)", agent.p50Ms());
                    row("agent p99 ms (emulator change to FluxConfig)", agent.p99Ms());
                    row("agent run", agent.detail());
                }
                row("final check", problems.isEmpty()
                        ? "every configuration Compliant, no object missing, extra or wrongly owned"
                        : problems.size() + " problems, first: " + problems.get(0));
                printTable();
                System.out.printf(Locale.ROOT, "bench: ratio=%.2f idle_writes=%s controller_rss_mib=%s agent_p99_ms=%s "
                        + "controller_writes_per_config=%.2f baseline_writes_per_config=%.2f%s%n",
                        ratio, fmtInt(idleWrites), mib(rssConvergedKib),
                        agent == null ? "-" : agent.p99Ms(), controllerPerConfig, baselinePerConfig,
                        smaller == null ? "" : " " + results.slopeFigures(smaller));
            }
        } finally {
            informers.forEach(SharedIndexInformer::stop);
            client.close();
        }
    }

    /**
     * Waits until the controller-manager gave every namespace of the fleet its default ServiceAccount and token, so that
     * its writes do not fall into the phase that follows.
     */
    private void awaitNamespaceTokens(SharedIndexInformer<ServiceAccount> accounts, Fleet fleet) throws InterruptedException {
        Supplier<Long> missing = () -> fleet.namespaces().stream().filter(ns -> {
            ServiceAccount sa = accounts.getStore().getByKey(ns + "/default");
            return sa == null || sa.getSecrets() == null || sa.getSecrets().isEmpty();
        }).count();
        waitFor("every namespace's default ServiceAccount token", () -> missing.get() == 0,
                () -> missing.get() + " namespaces without one");
    }

    /** Heap used right after a full collection the benchmark asks for ({@code jcmd GC.run}). */
    private static double heapAfterFullGc(AppProcess controller) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(controller.pid()), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            return Double.NaN;
        }
        return AppProcess.heapUsedBytes(controller.metrics());
    }

    /** Write requests of one writer in a phase: the API server's, less those of the others in it. */
    record Writes(long total, String detail) {
        static Writes of(Map<String, Long> requests, FluxStandIn.Stats standIn, long clientCreates) {
            long all = requests.values().stream().mapToLong(Long::longValue).sum();
            long total = all - standIn.statusWrites() - standIn.objectWrites() - standIn.conflicts() - clientCreates;
            StringBuilder sb = new StringBuilder();
            requests.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                    .forEach(e -> sb.append(sb.isEmpty() ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue()));
            return new Writes(total, "of " + all + " requests " + sb + "; less stand-in " + (standIn.statusWrites()
                    + standIn.objectWrites() + standIn.conflicts())
                    + (clientCreates > 0
                            ? ", FluxConfig creates " + clientCreates
                            : ""));
        }
    }

    /** The memory figures of one run, kept in the work dir so that a run of another size gives the slope. */
    record Results(int configs, long rssKib, double heapUsed, double heapLive) {

        void save(Path dir) throws IOException {
            Properties p = new Properties();
            p.setProperty("configs", Integer.toString(configs));
            p.setProperty("rss_kib", Long.toString(rssKib));
            p.setProperty("heap_used_bytes", Double.toString(heapUsed));
            p.setProperty("heap_live_bytes", Double.toString(heapLive));
            try (var out = Files.newBufferedWriter(dir.resolve("results-" + configs + ".properties"))) {
                p.store(out, "controller memory after convergence (Bench)");
            }
        }

        /** The saved run with the most configurations below {@code configs}, if any. */
        static Results closestSmaller(Path dir, int configs) throws IOException {
            Results best = null;
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.getFileName().toString().matches("results-\\d+\\.properties")).toList()) {
                    Properties p = new Properties();
                    try (var in = Files.newBufferedReader(f)) {
                        p.load(in);
                    }
                    Results r = new Results(Integer.parseInt(p.getProperty("configs")),
                            Long.parseLong(p.getProperty("rss_kib")), Double.parseDouble(p.getProperty("heap_used_bytes")),
                            Double.parseDouble(p.getProperty("heap_live_bytes")));
                    if (r.configs() < configs && (best == null || r.configs() > best.configs())) {
                        best = r;
                    }
                }
            }
            return best;
        }

        private double perConfigKib(double mine, double theirs, Results other) {
            return (mine - theirs) / (configs - other.configs());
        }

        String slopeFrom(Results other) {
            return String.format(Locale.ROOT, "RSS %.1f KiB, heap used %.1f KiB, live heap %.1f KiB (slope (X%d − X%d)/%d; "
                    + "at %d: RSS %d MiB, heap used %.1f MiB, live %.1f MiB)",
                    perConfigKib(rssKib, other.rssKib(), other),
                    perConfigKib(heapUsed / 1024, other.heapUsed() / 1024, other),
                    perConfigKib(heapLive / 1024, other.heapLive() / 1024, other), configs, other.configs(),
                    configs - other.configs(), other.configs(), Math.round(other.rssKib() / 1024.0),
                    other.heapUsed() / 1048576, other.heapLive() / 1048576);
        }

        String slopeFigures(Results other) {
            return String.format(Locale.ROOT, "rss_kib_per_config=%.1f heap_live_kib_per_config=%.1f (from %d to %d)",
                    perConfigKib(rssKib, other.rssKib(), other),
                    perConfigKib(heapLive / 1024, other.heapLive() / 1024, other), other.configs(), configs);
        }
    }

    /** jcmd reports of the controller into the work dir, for the memory analysis in docs/benchmarks.md. */
    private void diagnose(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        for (String command : List.of("VM.native_memory summary", "GC.heap_info", "GC.class_histogram", "VM.metaspace",
                "VM.classloader_stats", "Thread.print")) {
            List<String> cmd = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
            cmd.addAll(List.of(command.split(" ")));
            Path out = settings.workDir().resolve("controller-" + command.split(" ")[0] + ".txt");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        say("jcmd reports of the controller in %s", settings.workDir());
    }

    /** The objects the controller would generate for configuration {@code i}, created directly with POST. */
    private void createBaselineObjects(Fleet baseline, int i) {
        FluxConfig config = baseline.config(i);
        config.getMetadata().setUid(UUID.randomUUID().toString());
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(ApplierRbacDesired.serviceAccount(config));
        objects.addAll(ApplierRbacDesired.grants(config, ApplierRbacDesired.CLUSTER_ROLE));
        objects.add(SourceDesired.desired(config, null, null));
        objects.addAll(KustomizationDesired.desired(config, true));
        for (HasMetadata o : objects) {
            // no owner (the configuration does not exist) and not the controller's label, so its informers skip them
            o.getMetadata().setOwnerReferences(null);
            Map<String, String> labels = new TreeMap<>(o.getMetadata().getLabels());
            labels.put(LABEL_MANAGED_BY, BASELINE_MANAGED_BY);
            o.getMetadata().setLabels(labels);
            client.resource(o).create();
        }
    }

    private <T extends HasMetadata> SharedIndexInformer<T> informer(SharedIndexInformer<T> informer) {
        informers.add(informer);
        return informer;
    }

    private static long ready(SharedIndexInformer<? extends HasMetadata> informer, Fleet fleet) {
        return informer.getStore().list().stream().filter(o -> fleet.contains(o.getMetadata().getNamespace()))
                .filter(Bench::isReady).count();
    }

    static boolean isReady(HasMetadata o) {
        List<Condition> conditions = o instanceof GitRepository g && g.getStatus() != null
                ? g.getStatus().getConditions()
                : o instanceof Kustomization k && k.getStatus() != null ? k.getStatus().getConditions() : List.of();
        return conditions != null
                && conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static long compliant(SharedIndexInformer<FluxConfig> configs, Fleet fleet) {
        return configs.getStore().list().stream().filter(c -> fleet.contains(c.getMetadata().getNamespace()))
                .filter(c -> c.getStatus() != null && c.getStatus().getComplianceState() == ComplianceState.COMPLIANT
                        && c.getMetadata().getGeneration().equals(c.getStatus().getObservedGeneration()))
                .count();
    }

    private static long generated(SharedIndexInformer<GitRepository> gits, SharedIndexInformer<Kustomization> ks,
            SharedIndexInformer<ClusterRoleBinding> bindings, SharedIndexInformer<ServiceAccount> accounts, Fleet fleet) {
        long n = 0;
        for (SharedIndexInformer<? extends HasMetadata> i : List.of(gits, ks, accounts)) {
            n += i.getStore().list().stream().filter(o -> fleet.contains(o.getMetadata().getNamespace()))
                    .filter(Bench::managedByController).count();
        }
        n += bindings.getStore().list().stream().filter(Bench::managedByController)
                .filter(b -> fleet.contains(b.getMetadata().getLabels().get(LABEL_NAMESPACE))).count();
        return n;
    }

    private static boolean managedByController(HasMetadata o) {
        Map<String, String> labels = o.getMetadata().getLabels();
        return labels != null && MANAGED_BY_CONTROLLER.equals(labels.get(LABEL_MANAGED_BY));
    }

    private void waitFor(String what, BooleanSupplier done, Supplier<String> progress) throws InterruptedException {
        long start = System.nanoTime();
        long lastReport = start;
        long deadline = start + settings.timeout().toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + settings.timeout() + " waiting for " + what + ": "
                        + progress.get());
            }
            if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(10)) {
                say("waiting for %s: %s", what, progress.get());
                lastReport = System.nanoTime();
            }
            TimeUnit.MILLISECONDS.sleep(50); // polls an in-memory informer cache; the timing resolution of the benchmark
        }
    }

    private static String writesSummary(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> b = AppProcess.writesByKind(before);
        Map<String, Double> a = new TreeMap<>(AppProcess.writesByKind(after));
        StringBuilder sb = new StringBuilder();
        double total = 0;
        for (Map.Entry<String, Double> e : a.entrySet()) {
            double d = e.getValue() - b.getOrDefault(e.getKey(), 0.0);
            total += d;
            if (d > 0) {
                sb.append(sb.isEmpty() ? "" : ", ").append(e.getKey()).append(' ').append(fmtInt(d));
            }
        }
        return fmtInt(total) + " (" + sb + ")";
    }

    private static FluxStandIn.Stats minus(FluxStandIn.Stats a, FluxStandIn.Stats b) {
        return new FluxStandIn.Stats(a.reconciles() - b.reconciles(), a.statusWrites() - b.statusWrites(),
                a.objectWrites() - b.objectWrites(), a.conflicts() - b.conflicts());
    }

    static String machine() {
        long memKib = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memKib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            memKib = -1;
        }
        return Runtime.getRuntime().availableProcessors() + " CPUs (nproc), " + Math.round(memKib / 1048576.0)
                + " GiB memory, Java " + System.getProperty("java.vm.version") + " (" + System.getProperty("java.vm.vendor")
                + "), " + System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    private void row(String name, String value) {
        table.put(name, value);
    }

    private void printTable() {
        int width = table.keySet().stream().mapToInt(String::length).max().orElse(10);
        System.out.println();
        System.out.printf("| %-" + width + "s | %s |%n", "metric", "value");
        System.out.printf("|%s|%s|%n", "-".repeat(width + 2), "-".repeat(7));
        table.forEach((k, v) -> System.out.printf("| %-" + width + "s | %s |%n", k, v));
        System.out.println();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String fmtInt(double v) {
        return Long.toString(Math.round(v));
    }

    private static String mib(long kib) {
        return Long.toString(Math.round(kib / 1024.0));
    }

    private static void say(String format, Object... args) {
        System.out.printf("[bench] " + format + "%n", args);
    }
}
