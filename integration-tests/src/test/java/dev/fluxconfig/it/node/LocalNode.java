package dev.fluxconfig.it.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import dev.fluxconfig.sandbox.process.KubeScripts;

/**
 * A real single-node cluster of its own: an API server (integration-tests/kube, with an audit log of every write) and a
 * node (integration-tests/node: dockerd, kubelet, kube-scheduler), with the apps' images built from the project's
 * Dockerfile. Only one node can run on a machine (the kubelet's port and the image store are shared). It never skips:
 * when the node cannot start, {@link #start()} fails with the scripts' output.
 */
public final class LocalNode implements AutoCloseable {

    /** The chart's image.registry for the images {@link #buildImages} makes. */
    public static final String REGISTRY = "fluxconfig.local";

    private final KubeScripts scripts = KubeScripts.locate(Path.of(System.getProperty("user.dir")));
    private final Path root = scripts.root();
    private final Path data;
    private final Path kubeconfig;
    private final int apiPort;
    private final KubernetesClient client;
    private final Map<String, String> env;

    private LocalNode(Path data, Path kubeconfig) throws IOException {
        this.data = data;
        this.kubeconfig = kubeconfig;
        String ports = Files.readString(data.resolve("ports")).strip();
        this.apiPort = Integer.parseInt(ports.replaceAll(".*API_PORT=(\\d+).*", "$1"));
        Config config = Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
        config.setRequestTimeout(30_000);
        this.client = new KubernetesClientBuilder().withConfig(config).build();
        this.env = Map.of("FLUXCONFIG_KUBE_DATA", data.toString());
    }

    /** Starts the API server and the node; returns once the node is Ready. */
    public static LocalNode start() {
        KubeScripts scripts = KubeScripts.locate(Path.of(System.getProperty("user.dir")));
        Path root = scripts.root();
        Path data = root.resolve(".kube-run/node-" + UUID.randomUUID().toString().substring(0, 8));
        KubeScripts.Started kube = scripts.start(data, true, Map.of("FLUXCONFIG_KUBE_AUDIT", "1"), Duration.ofMinutes(20));
        Map<String, String> env = Map.of("FLUXCONFIG_KUBE_DATA", data.toString(), "FLUXCONFIG_KUBE_FRESH", "1",
                "FLUXCONFIG_KUBE_AUDIT", "1");
        try {
            System.err.print(Files.readString(kube.log()));
            run(root.resolve("integration-tests/node/start.sh"), env, Duration.ofMinutes(30));
            return new LocalNode(data, kube.kubeconfig());
        } catch (RuntimeException | IOException e) {
            run(root.resolve("integration-tests/node/stop.sh"), env, Duration.ofMinutes(2));
            scripts.stop(data, false, Duration.ofMinutes(1));
            throw new IllegalStateException("the local node did not start", e);
        }
    }

    /** Builds both apps' images (tag {@code tag}) from src/main/docker/Dockerfile.jvm; returns the registry part. */
    public String buildImages(String tag) {
        return buildImages(tag, false);
    }

    /**
     * As {@link #buildImages(String)}, and with {@code nativeController} also the controller's native image (tag
     * {@code <tag>-native}, src/main/docker/Dockerfile.native-micro, from controller/target/*-runner).
     */
    public String buildImages(String tag, boolean nativeController) {
        Map<String, String> e = new LinkedHashMap<>(env);
        e.put("FLUXCONFIG_IMAGE_TAG", tag);
        run(root.resolve("integration-tests/node/images.sh"), e, Duration.ofMinutes(10),
                nativeController ? List.of("--native") : List.of());
        return REGISTRY;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    /** Admin client (system:masters): for the test's own checks and the Flux stand-in, never for the apps. */
    public KubernetesClient client() {
        return client;
    }

    /**
     * A client of the admin that impersonates {@code user} in {@code groups}: the API server's audit log then names that
     * user, so a test can tell its test equipment's writes from the apps'.
     */
    public KubernetesClient clientAs(String user, String... groups) {
        try {
            Config config = Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
            config.setRequestTimeout(30_000);
            config.setImpersonateUsername(user);
            config.setImpersonateGroups(groups);
            return new KubernetesClientBuilder().withConfig(config).build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + kubeconfig, e);
        }
    }

    /** The API server's port on 127.0.0.1 (the pods' KUBERNETES_SERVICE_PORT). */
    public int apiPort() {
        return apiPort;
    }

    /** The API server's audit log: one JSON line per write request. */
    public Path auditLog() {
        return data.resolve("audit.log");
    }

    /** {@code kubectl --kubeconfig <admin> args…}; stdout, or an exception with stderr. */
    public String kubectl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        cmd.addAll(List.of(args));
        return exec(cmd, Map.of(), Duration.ofMinutes(2));
    }

    /** {@code docker} (Debian's client) against the node's dockerd. */
    public String docker(String... args) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/docker"));
        cmd.addAll(List.of(args));
        return exec(cmd, Map.of("DOCKER_HOST", "unix://" + data.resolve("node/docker.sock")), Duration.ofMinutes(2));
    }

    /** Memory of one running container as the kubelet and the kernel see it. */
    public record Memory(long usageBytes, long workingSetBytes, long rssKib, long limitBytes, long oomKills) {

        public double workingSetMib() {
            return workingSetBytes / 1024.0 / 1024.0;
        }

        public double rssMib() {
            return rssKib / 1024.0;
        }
    }

    /**
     * The memory cgroup of a pod's container (cgroup v1): working set = usage - inactive file pages, what the kubelet
     * reports and enforces limits against; beside it the RSS of the container's main process (the JVM).
     */
    public Memory memory(Pod pod, String container) {
        ContainerStatus status = pod.getStatus().getContainerStatuses().stream()
                .filter(s -> container.equals(s.getName())).findFirst()
                .orElseThrow(
                        () -> new IllegalStateException("no container " + container + " in " + pod.getMetadata().getName()));
        String id = status.getContainerID().replaceFirst("^docker://", "");
        long pid = Long.parseLong(docker("inspect", "-f", "{{.State.Pid}}", id).strip());
        try {
            String cgroup = Files.readAllLines(Path.of("/proc/" + pid + "/cgroup")).stream()
                    .filter(l -> l.split(":", 3)[1].equals("memory")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no memory cgroup for pid " + pid)).split(":", 3)[2];
            Path dir = Path.of("/sys/fs/cgroup/memory" + cgroup);
            long usage = Long.parseLong(Files.readString(dir.resolve("memory.usage_in_bytes")).strip());
            long limit = Long.parseLong(Files.readString(dir.resolve("memory.limit_in_bytes")).strip());
            Map<String, Long> stat = new LinkedHashMap<>();
            for (String line : Files.readAllLines(dir.resolve("memory.stat"))) {
                String[] kv = line.split(" ");
                stat.put(kv[0], Long.parseLong(kv[1]));
            }
            long inactiveFile = stat.getOrDefault("total_inactive_file", 0L);
            long oom = Files.readAllLines(dir.resolve("memory.oom_control")).stream()
                    .filter(l -> l.startsWith("oom_kill ")).mapToLong(l -> Long.parseLong(l.substring(9).strip()))
                    .findFirst().orElse(0L);
            long rss = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                    .findFirst().orElse(-1L);
            return new Memory(usage, Math.max(0, usage - inactiveFile), rss, limit, oom);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the memory cgroup of " + container, e);
        }
    }

    @Override
    public void close() {
        client.close();
        try {
            run(root.resolve("integration-tests/node/stop.sh"), env, Duration.ofMinutes(2));
        } finally {
            scripts.stop(data, true, Duration.ofMinutes(1));
            try (var files = Files.walk(data)) {
                files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not remove " + data + ": " + e.getMessage());
            }
        }
    }

    private static String run(Path script, Map<String, String> env, Duration timeout) {
        return run(script, env, timeout, List.of());
    }

    private static String run(Path script, Map<String, String> env, Duration timeout, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
        cmd.addAll(args);
        String out = exec(cmd, env, timeout);
        return out;
    }

    private static String exec(List<String> cmd, Map<String, String> env, Duration timeout) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().putAll(env);
            Path err = Files.createTempFile("local-node", ".log");
            pb.redirectError(err.toFile());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish in " + timeout);
            }
            String log = Files.readString(err);
            Files.deleteIfExists(err);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed with exit code " + p.exitValue() + ":\n"
                        + log + out);
            }
            if (cmd.get(0).equals("bash")) {
                System.err.print(log);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + cmd, e);
        }
    }
}
