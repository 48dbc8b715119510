package dev.fluxconfig.controller.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.fluxconfig.testing.RealKubeServer;

/**
 * The packaged controller ({@code target/quarkus-app/quarkus-run.jar}) as a process, run the way the chart runs it: the
 * chart's JVM options (read from its values.yaml), leader election on, multi-tenancy enforced. The replica keeps its
 * identity across restarts, like a container restarted in the same pod.
 */
final class ControllerProcess implements AutoCloseable {

    static final String LEASE_NAMESPACE = "fluxconfig-system";

    private final Path kubeconfig;
    private final Path log;
    private final Map<String, String> extraEnv;
    private Process process;
    private int starts;

    private ControllerProcess(Path kubeconfig, Path log, Map<String, String> extraEnv) {
        this.kubeconfig = kubeconfig;
        this.log = log;
        this.extraEnv = extraEnv;
    }

    /** Starts the controller; its output (plain-text log lines) goes to {@code log}, appended across restarts. */
    static ControllerProcess start(Path kubeconfig, Path log, Map<String, String> extraEnv) {
        ControllerProcess c = new ControllerProcess(kubeconfig, log, extraEnv);
        c.start();
        return c;
    }

    /** The JVM options of fluxconfig-controller in the chart's values. */
    static List<String> chartJavaOpts() {
        Path values = RealKubeServer.repoRoot().resolve("helm/fluxconfig/values.yaml");
        try {
            JsonNode opts = new YAMLMapper().readTree(values.toFile()).path("fluxconfig-controller").path("javaOpts");
            assertThat(opts.isTextual()).as("fluxconfig-controller.javaOpts in %s", values).isTrue();
            return Arrays.stream(opts.asText().trim().split("\\s+")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void start() {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("the packaged controller").exists();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(chartJavaOpts());
        command.addAll(List.of("-jar", jar.toString()));
        Map<String, String> env = new HashMap<>();
        env.put("KUBECONFIG", kubeconfig.toString());
        env.put("FLUXCONFIG_CONTROLLER_LEADER_ELECTION_ENABLED", "true");
        env.put("FLUXCONFIG_CONTROLLER_MULTI_TENANCY_ENFORCE", "true");
        env.put("POD_NAMESPACE", LEASE_NAMESPACE);
        env.put("POD_NAME", "fluxconfig-controller-0");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(freePort()));
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        env.putAll(extraEnv);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        try {
            Files.writeString(log, "=== start " + (++starts) + " ===\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** kill -9: no shutdown hook, no graceful stop of the reconcilers. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, or -1 while it runs. */
    int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path logFile() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
