package dev.fluxconfig.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.client.KubernetesClient;

import dev.fluxconfig.sandbox.process.KubeScripts;

/**
 * What a phase of the benchmark cost: CPU seconds of each process (from {@code /proc/<pid>/stat}) and the API server's
 * requests by verb and resource with their total latency (from its {@code /metrics}). Snapshots are subtracted.
 */
final class Profile {

    /** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ, 100 on Linux). */
    private static final double TICKS = 100.0;

    record Snapshot(Map<String, Double> cpuSeconds, Map<String, double[]> requests) {
    }

    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final KubernetesClient client;

    Profile(KubernetesClient client) {
        this.client = client;
    }

    void process(String name, long pid) {
        pids.put(name, pid);
    }

    /** The processes of integration-tests/kube/start.sh, from the pid files of its data dir. */
    void kubeProcesses(Path data) {
        pids.putAll(KubeScripts.pids(data));
    }

    /** Name of the machine-wide figure: busy CPU seconds of every process, measured ones and others alike. */
    static final String MACHINE = "machine";

    Snapshot snapshot() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        pids.forEach((name, pid) -> cpu.put(name, cpuSeconds(pid)));
        cpu.put(MACHINE, machineBusySeconds());
        return new Snapshot(cpu, requests());
    }

    /** Non-idle CPU seconds of the whole machine so far (first line of {@code /proc/stat}, all but idle and iowait). */
    static double machineBusySeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / TICKS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14 and 15 of stat (utime, stime) are 12 and 13 after the command
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** verb resource[/subresource] → {count, seconds} of the API server's requests so far (watches left out). */
    Map<String, double[]> requests() {
        Map<String, double[]> out = new TreeMap<>();
        String text;
        try {
            text = client.raw("/metrics");
        } catch (RuntimeException e) {
            return out;
        }
        if (text == null) {
            return out;
        }
        for (String line : text.split("\n")) {
            boolean count = line.startsWith("apiserver_request_duration_seconds_count{");
            boolean sum = line.startsWith("apiserver_request_duration_seconds_sum{");
            if (!count && !sum) {
                continue;
            }
            String verb = label(line, "verb");
            if (verb == null || verb.equals("WATCH") || verb.equals("CONNECT")) {
                continue;
            }
            String sub = label(line, "subresource");
            String key = verb + " " + label(line, "resource") + (sub == null || sub.isEmpty() ? "" : "/" + sub);
            double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            out.computeIfAbsent(key, k -> new double[2])[count ? 0 : 1] += v;
        }
        return out;
    }

    private static String label(String line, String name) {
        String key = name + "=\"";
        int start = line.indexOf(key);
        if (start < 0) {
            return null;
        }
        start += key.length();
        return line.substring(start, line.indexOf('"', start));
    }

    /**
     * CPU seconds per process between two snapshots, largest first, and what the rest of the machine used meanwhile
     * (other work on a shared machine shows up there, not in the figures of the benchmark's processes).
     */
    static String cpu(Snapshot before, Snapshot after) {
        Map<String, Double> d = new LinkedHashMap<>();
        after.cpuSeconds().forEach((k, v) -> d.put(k, v - before.cpuSeconds().getOrDefault(k, 0.0)));
        Double machine = d.remove(MACHINE);
        double total = d.values().stream().filter(v -> !v.isNaN()).mapToDouble(Double::doubleValue).sum();
        String others = machine == null || machine.isNaN()
                ? ""
                : String.format(Locale.ROOT, "; other processes of the machine %.1f", Math.max(0, machine - total));
        return String.format(Locale.ROOT, "%.1f total: ", total) + d.entrySet().stream()
                .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue())).collect(Collectors.joining(", "))
                + others;
    }

    /** Verbs of the API server's request metrics that change something. */
    static final Set<String> WRITE_VERBS = Set.of("POST", "PUT", "PATCH", "APPLY", "DELETE", "DELETECOLLECTION");

    /**
     * The resources a configuration's writes go to (its FluxConfig, the generated objects, their status, the events about
     * them); writes to others (leases, namespaces, the controller-manager's token secrets) are not the configurations'.
     */
    static final Set<String> CONFIG_RESOURCES = Set.of("fluxconfigs", "gitrepositories", "buckets", "ocirepositories",
            "kustomizations", "serviceaccounts", "secrets", "rolebindings", "clusterrolebindings", "events");

    /**
     * The controller-manager's token controller answers each new ServiceAccount with a token Secret (POST) and an update of
     * the account (PUT). Neither the controller (server-side apply) nor the baseline (POST of the accounts) sends these.
     */
    static final Set<String> TOKEN_CONTROLLER_WRITES = Set.of("POST secrets", "PUT serviceaccounts");

    /**
     * Write requests between two snapshots to {@link #CONFIG_RESOURCES}, by verb and resource[/subresource], without the
     * token controller's.
     */
    static Map<String, Long> configWrites(Snapshot before, Snapshot after) {
        Map<String, Long> out = new TreeMap<>();
        after.requests().forEach((k, v) -> {
            String[] verbResource = k.split(" ", 2);
            String resource = verbResource[1].split("/", 2)[0];
            long n = Math.round(v[0] - before.requests().getOrDefault(k, new double[2])[0]);
            if (n > 0 && WRITE_VERBS.contains(verbResource[0]) && CONFIG_RESOURCES.contains(resource)
                    && !TOKEN_CONTROLLER_WRITES.contains(k)) {
                out.put(k, n);
            }
        });
        return out;
    }

    /** The API server's requests between two snapshots: the heaviest by total latency, with count and mean. */
    static String requests(Snapshot before, Snapshot after, int top) {
        Map<String, double[]> d = new LinkedHashMap<>();
        after.requests().forEach((k, v) -> {
            double[] b = before.requests().getOrDefault(k, new double[2]);
            if (v[0] - b[0] > 0) {
                d.put(k, new double[]{v[0] - b[0], v[1] - b[1]});
            }
        });
        long count = Math.round(d.values().stream().mapToDouble(v -> v[0]).sum());
        return count + " requests; " + d.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[1], a.getValue()[1]))
                .limit(top).map(e -> String.format(Locale.ROOT, "%s %d × %.0f ms", e.getKey(), Math.round(e.getValue()[0]),
                        1000 * e.getValue()[1] / e.getValue()[0]))
                .collect(Collectors.joining(", "));
    }
}
