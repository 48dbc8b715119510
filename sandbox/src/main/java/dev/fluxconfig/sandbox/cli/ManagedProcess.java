package dev.fluxconfig.sandbox.cli;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.fluxconfig.sandbox.process.ChildProcess;

/** A packaged Quarkus app (agent or controller) run as a child process, its log in a file, stopped with the sandbox. */
public final class ManagedProcess implements AutoCloseable {

    /** JVM settings the chart uses for both apps (ChartRenderTest keeps them equal to values.yaml). */
    public static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx64m", "-Xss256k",
            "-XX:MaxMetaspaceSize=80m", "-XX:ReservedCodeCacheSize=16m", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
            "-XX:MaxDirectMemorySize=16m", "-Dio.netty.allocator.type=unpooled");

    private final String name;
    private final Process process;
    private final Path log;
    private final int httpPort;

    private ManagedProcess(String name, Process process, Path log, int httpPort) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    public static ManagedProcess start(String name, Path jar, Map<String, String> env, Path logDir) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (mvn -B -q install -DskipTests)");
        }
        int port = ChildProcess.freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_OPTIONS);
        cmd.add("-jar");
        cmd.add(jar.toString());
        Map<String, String> all = new LinkedHashMap<>();
        all.put("MALLOC_ARENA_MAX", "2"); // as the chart's deployments set it
        all.putAll(env);
        all.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        Path log = logDir.resolve(name + ".log");
        try {
            return new ManagedProcess(name, ChildProcess.start(cmd, all, log), log, port);
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("cannot start " + name, e.getCause());
        }
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public int httpPort() {
        return httpPort;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        ChildProcess.stop(process, Duration.ofSeconds(10));
    }
}
