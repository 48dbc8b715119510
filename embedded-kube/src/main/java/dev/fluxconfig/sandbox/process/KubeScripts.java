package dev.fluxconfig.sandbox.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one wrapper of the real API server's scripts (integration-tests/kube: start.sh, stop.sh, restart-apiserver.sh),
 * for the tests' server handle, the node tier, the benchmark's profile and the sandbox's tutorial. Each script runs on
 * one data dir (FLUXCONFIG_KUBE_DATA); its standard error goes to {@code <data>/<script>.log}.
 */
public final class KubeScripts {

    /** Where the scripts live, relative to the repository root. */
    public static final String DIR = "integration-tests/kube";

    /** The processes start.sh starts, each with a {@code <name>.pid} file in the data dir. */
    public static final List<String> PROCESSES = List.of("kube-apiserver", "etcd", "kube-controller-manager");

    private final Path root;

    private KubeScripts(Path root) {
        this.root = root;
    }

    /** The scripts of the clone at {@code root}, or empty when it has no executable start.sh. */
    public static Optional<KubeScripts> under(Path root) {
        return Files.isExecutable(root.resolve(DIR).resolve("start.sh"))
                ? Optional.of(new KubeScripts(root.toAbsolutePath()))
                : Optional.empty();
    }

    /** The scripts of the clone holding {@code dir}: {@code dir} or the nearest of its parents with them. */
    public static Optional<KubeScripts> find(Path dir) {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            Optional<KubeScripts> found = under(p);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** As {@link #find(Path)}, failing with the directory searched when there are none. */
    public static KubeScripts locate(Path dir) {
        return find(dir).orElseThrow(() -> new IllegalStateException(
                DIR + "/start.sh not found above " + dir.toAbsolutePath()));
    }

    /** The repository root (the folder holding integration-tests/kube). */
    public Path root() {
        return root;
    }

    /** One of the scripts by its file name. */
    public Path script(String name) {
        return root.resolve(DIR).resolve(name);
    }

    /** A server started on a data dir: its kubeconfig, and the log of start.sh. */
    public record Started(Path kubeconfig, Path data, Path log) {
    }

    /**
     * Runs start.sh on {@code data} with {@code env} added (FLUXCONFIG_KUBE_FRESH=1 when {@code fresh}: the etcd data is
     * deleted first); returns once the server is ready, with the kubeconfig start.sh printed on its last line.
     */
    public Started start(Path data, boolean fresh, Map<String, String> env, Duration timeout) {
        Map<String, String> all = new LinkedHashMap<>(env);
        if (fresh) {
            all.put("FLUXCONFIG_KUBE_FRESH", "1");
        }
        String out = run("start.sh", data, List.of(), all, timeout);
        Path log = log(data, "start.sh");
        return new Started(kubeconfig(script("start.sh"), out, log), data, log);
    }

    /** Runs stop.sh on {@code data} (FLUXCONFIG_KUBE_WIPE=1 when {@code wipe}: the etcd data is deleted too). */
    public void stop(Path data, boolean wipe, Duration timeout) {
        run("stop.sh", data, List.of(), wipe ? Map.of("FLUXCONFIG_KUBE_WIPE", "1") : Map.of(), timeout);
    }

    /**
     * Runs the script {@code name} on {@code data} to its end; its standard output. It fails, with the script, the data
     * dir and the script's log, when the script fails or outlasts {@code timeout}.
     */
    public String run(String name, Path data, List<String> args, Map<String, String> env, Duration timeout) {
        Path script = script(name);
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(args);
        Map<String, String> all = new LinkedHashMap<>(env);
        all.put("FLUXCONFIG_KUBE_DATA", data.toString());
        Path log = log(data, name);
        try {
            return ChildProcess.run(command, all, log, timeout);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(script + " on data dir " + data + " (log " + log + "): " + e.getMessage(), e);
        }
    }

    /** Where {@link #run} puts the standard error of the script {@code name} run on {@code data}. */
    public static Path log(Path data, String name) {
        return data.resolve(name + ".log");
    }

    /** The pid file of one of {@link #PROCESSES} started on {@code data}. */
    public static Path pidFile(Path data, String process) {
        return data.resolve(process + ".pid");
    }

    /** The pids of the processes started on {@code data}, by name; a process without a readable pid file is left out. */
    public static Map<String, Long> pids(Path data) {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String name : PROCESSES) {
            Path file = pidFile(data, name);
            try {
                if (Files.exists(file)) {
                    pids.put(name, Long.parseLong(Files.readString(file).strip()));
                }
            } catch (IOException | NumberFormatException e) {
                // a process we cannot see is left out
            }
        }
        return pids;
    }

    /** The kubeconfig path on the last line of {@code out}, the standard output of {@code script}. */
    static Path kubeconfig(Path script, String out, Path log) {
        String stripped = out.strip();
        if (stripped.isEmpty()) {
            throw new IllegalStateException(script + " printed no kubeconfig path (its stdout is empty); see its log " + log);
        }
        String last = stripped.substring(stripped.lastIndexOf('\n') + 1).strip();
        Path path;
        try {
            path = Path.of(last);
        } catch (RuntimeException e) {
            path = null;
        }
        if (path == null || !path.isAbsolute()) {
            throw new IllegalStateException(script + " printed \"" + last
                    + "\" on its last line where the kubeconfig's absolute path belongs; see its log " + log);
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(
                    script + " printed the kubeconfig " + path + ", which does not exist; see its log " + log);
        }
        return path;
    }
}
