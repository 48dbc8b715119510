package dev.fluxconfig.sandbox.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one way the project starts and stops processes of its own: the sandbox's apps and API-server scripts, the tests'
 * packaged apps. A long-running process writes its output to a log file; a script runs to its end and gives its standard
 * output. Processes are stopped by their handle only (SIGTERM, then SIGKILL after a grace period).
 */
public final class ChildProcess {

    private ChildProcess() {
    }

    /**
     * Starts {@code command} with standard output and error in {@code log} (appended to, or replaced).
     *
     * @param environment changes to the inherited environment, applied before {@code env} (e.g. removing keys)
     */
    public static Process start(List<String> command, Consumer<Map<String, String>> environment, Map<String, String> env,
            Path log, boolean append) {
        ProcessBuilder pb = new ProcessBuilder(command);
        environment.accept(pb.environment());
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        try {
            Path dir = log.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            pb.redirectOutput(
                    append ? ProcessBuilder.Redirect.appendTo(log.toFile()) : ProcessBuilder.Redirect.to(log.toFile()));
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
    }

    /** Starts {@code command} with {@code env} added to the inherited environment, its output replacing {@code log}. */
    public static Process start(List<String> command, Map<String, String> env, Path log) {
        return start(command, e -> {
        }, env, log, false);
    }

    /**
     * Runs {@code command} to its end and returns its standard output; its standard error goes to {@code errorLog}, whose
     * text is in the exception when the command fails or outlasts {@code timeout}.
     */
    public static String run(List<String> command, Map<String, String> env, Path errorLog, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        try {
            Path dir = errorLog.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            pb.redirectError(errorLog.toFile());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(p, Duration.ofSeconds(10));
                throw new IllegalStateException(name(command) + " did not end within " + timeout + ":\n"
                        + Files.readString(errorLog));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(name(command) + " failed (exit " + p.exitValue() + "):\n"
                        + Files.readString(errorLog));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + name(command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String name(List<String> command) {
        return Path.of(command.get(command.size() > 1 && command.get(0).equals("bash") ? 1 : 0)).getFileName().toString();
    }

    /** SIGTERM, then SIGKILL when it has not ended after {@code grace}; returns once it has ended (or 30 s more). */
    public static void stop(Process process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** SIGKILL, as a crashed or OOM-killed pod: no shutdown hooks run; returns once it has ended (or after 30 s). */
    public static void kill(Process process) {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A TCP port nothing listens on right now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
