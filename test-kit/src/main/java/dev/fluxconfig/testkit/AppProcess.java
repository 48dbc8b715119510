package dev.fluxconfig.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.fluxconfig.sandbox.process.ChildProcess;
import dev.fluxconfig.testing.RealKubeServer;

/**
 * A packaged app of the project ({@code <module>/target/quarkus-app/quarkus-run.jar}: the controller or the agent, or its
 * native executable {@code <module>/target/*-runner}) as a process of its own, with the settings the chart gives its
 * container, its own HTTP port, and its log in a file. Stopped and killed by its pid only. {@link #start()} starts it
 * again after a kill with the same command and environment (a container restarted in the same pod); each start writes
 * {@code === start N ===} to the log.
 */
public final class AppProcess implements AutoCloseable {

    private static final String WRITES = "fluxconfig_controller_writes_total";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String module;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile Process process;
    private volatile int port;
    private int starts;

    private AppProcess(String module, List<String> command, Map<String, String> env, Path log) {
        this.module = module;
        this.command = List.copyOf(command);
        this.env = Map.copyOf(env);
        this.log = log;
    }

    /** Path of a packaged app ({@code controller}, {@code agent}); fails with the build command when it is missing. */
    public static Path jar(String module) {
        Path jar = RealKubeServer.repoRoot().resolve(module + "/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: build it with `mvn -B -q -pl " + module + " -am -DskipTests package`");
        }
        return jar;
    }

    /**
     * The native executable of an app ({@code <module>/target/<artifact>-<version>-runner}); fails with the build command
     * when it is missing.
     */
    public static Path nativeRunner(String module) {
        Path target = RealKubeServer.repoRoot().resolve(module + "/target");
        try (var files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-runner") && Files.isExecutable(f))
                    .findFirst().orElseThrow();
        } catch (IOException | java.util.NoSuchElementException e) {
            throw new IllegalStateException("no native executable " + target + "/*-runner: build it with "
                    + "`GRAALVM_HOME=$(integration-tests/native/toolchain.sh | tail -1) mvn -B -Pnative -pl " + module
                    + " -am -DskipTests package`", e);
        }
    }

    /**
     * The JVM settings of the chart's container for an app: {@code fluxconfig-<module>.javaOpts} of
     * {@code helm/fluxconfig/values.yaml}, so that what is measured is what is shipped.
     */
    public static List<String> chartJvmOptions(String module) {
        return chartOptions(module, "javaOpts");
    }

    /**
     * The runtime options the chart gives the native executable of an app: {@code fluxconfig-<module>.nativeOpts} of
     * {@code helm/fluxconfig/values.yaml} (heap limits of the native image's own garbage collector).
     */
    public static List<String> chartNativeOptions(String module) {
        return chartOptions(module, "nativeOpts");
    }

    private static List<String> chartOptions(String module, String key) {
        Path values = RealKubeServer.repoRoot().resolve("helm/fluxconfig/values.yaml");
        try {
            JsonNode opts = new YAMLMapper().readTree(values.toFile()).path("fluxconfig-" + module).path(key);
            if (!opts.isTextual() || opts.asText().isBlank()) {
                throw new IllegalStateException("no fluxconfig-" + module + "." + key + " in " + values);
            }
            return List.of(opts.asText().strip().split("\\s+"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + values, e);
        }
    }

    /**
     * Starts the controller on the cluster of {@code kubeconfig}.
     *
     * @param env extra environment (FLUXCONFIG_CONTROLLER_*, QUARKUS_* settings)
     * @param extraJvmOptions added after the chart's settings (profiling)
     */
    public static AppProcess start(Path kubeconfig, Path log, Map<String, String> env, List<String> extraJvmOptions) {
        return start("controller", kubeconfig, log, env, extraJvmOptions);
    }

    /** Starts an app ({@code controller}, {@code agent}) on the cluster of {@code kubeconfig}. */
    public static AppProcess start(String module, Path kubeconfig, Path log, Map<String, String> env,
            List<String> extraJvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(chartJvmOptions(module));
        command.addAll(extraJvmOptions);
        command.add("-jar");
        command.add(jar(module).toString());
        return launch(module, command, kubeconfig, log, env);
    }

    /**
     * Starts the native executable of an app ({@link #nativeRunner}) with the chart's native options on the cluster of
     * {@code kubeconfig}.
     *
     * @param extraOptions added after the chart's options
     */
    public static AppProcess startNative(String module, Path kubeconfig, Path log, Map<String, String> env,
            List<String> extraOptions) {
        List<String> command = new ArrayList<>();
        command.add(nativeRunner(module).toString());
        command.addAll(chartNativeOptions(module));
        command.addAll(extraOptions);
        return launch(module, command, kubeconfig, log, env);
    }

    private static AppProcess launch(String module, List<String> command, Path kubeconfig, Path log,
            Map<String, String> env) {
        Map<String, String> all = new HashMap<>();
        all.put("KUBECONFIG", kubeconfig.toString());
        all.put("POD_NAMESPACE", "flux-system");
        all.put("MALLOC_ARENA_MAX", "2"); // as the chart's deployments and Dockerfile.jvm set it
        all.putAll(env);
        AppProcess app = new AppProcess(module, command, all, log);
        app.start();
        return app;
    }

    /** Starts the app (again, after {@link #kill()}): same command and environment, a new free HTTP port. */
    public synchronized AppProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the " + module + " runs already (pid " + process.pid() + ")");
        }
        port = freePort();
        Map<String, String> all = new HashMap<>(env);
        all.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Files.writeString(log, "=== start " + (++starts) + " ===\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + log, e);
        }
        // what the test JVM was given for itself does not leak into the app: only what the test names
        process = ChildProcess.start(command, inherited -> inherited.keySet().removeIf(k -> k.startsWith("FLUXCONFIG_AGENT_")
                || k.startsWith("FLUXCONFIG_CONTROLLER_") || k.startsWith("QUARKUS_")), all, log, true);
        return this;
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, or -1 while it runs. */
    public int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /**
     * The log as the JSON lines the apps write by default, the launcher's {@code === start N ===} marks left out; fails
     * on a line that is not one JSON object.
     */
    public List<JsonNode> jsonLines() {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : logText().split("\n")) {
            if (line.isBlank() || line.startsWith("=== start ")) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (IOException e) {
                throw new AssertionError("not a JSON line in " + log + ": " + line, e);
            }
            if (!node.isObject()) {
                throw new AssertionError("not a JSON object in " + log + ": " + line);
            }
            lines.add(node);
        }
        return lines;
    }

    /** The whole log (all starts). */
    public String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    /** Waits until {@code /q/health/ready} answers 200; on failure shows the end of the controller's log. */
    public AppProcess awaitReady(Duration timeout) {
        try {
            Awaitility.await(module + " pid " + pid() + " ready on :" + port).atMost(timeout)
                    .pollInterval(Duration.ofMillis(250)).until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("the " + module + " exited with " + process.exitValue()
                                    + "; its log ends with:\n" + logTail(40));
                        }
                        return status("/q/health/ready") == 200;
                    });
            return this;
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; the " + module + "'s log ends with:\n" + logTail(40), e);
        }
    }

    private int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The Prometheus samples of {@code /q/metrics}: series (name and labels as printed) to value. */
    public Map<String, Double> metrics() {
        try {
            String text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
            Map<String, Double> samples = new LinkedHashMap<>();
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
            return samples;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + module + "'s metrics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every API write the controller counted ({@value #WRITES}), by "kind operation". */
    public static Map<String, Double> writesByKind(Map<String, Double> metrics) {
        Map<String, Double> out = new HashMap<>();
        metrics.forEach((series, value) -> {
            if (series.startsWith(WRITES + "{")) {
                out.merge(label(series, "kind") + " " + label(series, "operation"), value, Double::sum);
            }
        });
        return out;
    }

    /** Sum of {@value #WRITES}. */
    public static double writes(Map<String, Double> metrics) {
        return writesByKind(metrics).values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Heap in use: the sum of {@code jvm_memory_used_bytes{area="heap"}} over the pools. */
    public static double heapUsedBytes(Map<String, Double> metrics) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().startsWith("jvm_memory_used_bytes{") && "heap".equals(label(e.getKey(), "area")))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    static String label(String series, String name) {
        String key = name + "=\"";
        int start = series.indexOf(key);
        if (start < 0) {
            return null;
        }
        start += key.length();
        return series.substring(start, series.indexOf('"', start));
    }

    /** Resident set size now ({@code VmRSS}), KiB. */
    public long rssKib() {
        return procStatus("VmRSS:");
    }

    /**
     * Anonymous resident memory ({@code RssAnon}), KiB: the resident set without the pages mapped from files (the
     * executable's code and image heap, shared libraries), which the kernel can drop and read again.
     */
    public long rssAnonKib() {
        return procStatus("RssAnon:");
    }

    /** Highest resident set size so far ({@code VmHWM}), KiB. */
    public long peakRssKib() {
        return procStatus("VmHWM:");
    }

    private long procStatus(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
                }
            }
            throw new IllegalStateException(field + " not in /proc/" + pid() + "/status");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/" + pid() + "/status", e);
        }
    }

    /** SIGKILL, as a crashed or OOM-killed pod: no shutdown hooks run. */
    public void kill() {
        ChildProcess.kill(process);
    }

    /** SIGTERM, then SIGKILL after 20 s. */
    public void stop() {
        ChildProcess.stop(process, Duration.ofSeconds(20));
    }

    /** The last lines of the app's log. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** A TCP port nothing listens on right now. */
    public static int freePort() {
        return ChildProcess.freePort();
    }
}
