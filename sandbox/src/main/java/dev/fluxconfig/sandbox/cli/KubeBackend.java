package dev.fluxconfig.sandbox.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import dev.fluxconfig.model.crd.ProjectCrds;
import dev.fluxconfig.sandbox.kube.EmbeddedKubeApi;
import dev.fluxconfig.sandbox.process.ChildProcess;

/**
 * The Kubernetes API the sandbox runs on: the cluster of a given kubeconfig, the project's own real API server
 * (kube-apiserver + etcd built from Debian's sources by integration-tests/kube), or the embedded in-memory one
 * ({@link EmbeddedKubeApi}) when the real one is not built; the last two are started and stopped here.
 */
public final class KubeBackend implements AutoCloseable {

    /** The version integration-tests/kube/build.sh builds and caches. */
    static final String REAL_VERSION = "1.20.2";

    private final Path kubeconfig;
    private final Path dataDir;
    private final Path scripts;
    private final EmbeddedKubeApi embedded;

    private KubeBackend(Path kubeconfig, Path dataDir, Path scripts, EmbeddedKubeApi embedded) {
        this.kubeconfig = kubeconfig;
        this.dataDir = dataDir;
        this.scripts = scripts;
        this.embedded = embedded;
    }

    /** Starts the embedded in-memory API server; its kubeconfig is written under {@code dataDir}. */
    public static KubeBackend startEmbedded(Path dataDir) {
        EmbeddedKubeApi api = EmbeddedKubeApi.start(dataDir);
        return new KubeBackend(api.kubeconfig(), dataDir, null, api);
    }

    /**
     * Why the real API server cannot start without a build, or empty when it can: the same check as build.sh's
     * {@code have_binaries} (cached kube-apiserver and kube-controller-manager, etcd, openssl and curl installed).
     */
    public static Optional<String> realServerMissing(Map<String, String> env) {
        Path cache = env.containsKey("FLUXCONFIG_KUBE_CACHE")
                ? Path.of(env.get("FLUXCONFIG_KUBE_CACHE"))
                : Path.of(System.getProperty("user.home"), ".cache", "fluxconfig-kube");
        Path bin = cache.resolve(REAL_VERSION).resolve("bin");
        for (String binary : List.of("kube-apiserver", "kube-controller-manager")) {
            if (!Files.isExecutable(bin.resolve(binary))) {
                return Optional.of("no " + bin.resolve(binary));
            }
        }
        for (String tool : List.of("etcd", "openssl", "curl")) {
            if (onPath(env, tool).isEmpty() && !(tool.equals("etcd") && Files.isExecutable(Path.of("/usr/bin/etcd")))) {
                return Optional.of("no " + tool + " on the PATH");
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> onPath(Map<String, String> env, String tool) {
        for (String dir : env.getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return Optional.of(Path.of(dir, tool));
            }
        }
        return Optional.empty();
    }

    /** Uses an existing cluster; nothing is started or stopped. */
    public static KubeBackend external(Path kubeconfig) {
        if (!Files.isReadable(kubeconfig)) {
            throw new IllegalArgumentException("kubeconfig " + kubeconfig + " cannot be read");
        }
        return new KubeBackend(kubeconfig, null, null, null);
    }

    /** Starts the project's real API server with its data under {@code dataDir} (built first if needed, once). */
    public static KubeBackend startLocal(Path repoRoot, Path dataDir, Log log) {
        Path scripts = repoRoot.resolve("integration-tests/kube");
        if (!Files.isExecutable(scripts.resolve("start.sh"))) {
            throw new IllegalStateException("no integration-tests/kube/start.sh under " + repoRoot
                    + ": run the sandbox from the project's clone, or give --kubeconfig for an existing cluster");
        }
        stop(scripts, dataDir);
        log.info("starting a local Kubernetes API server (kube-apiserver 1.20 + etcd; the first run builds it, ~10 min)");
        String out = run(scripts.resolve("start.sh"), dataDir, true);
        String[] lines = out.strip().split("\n");
        return new KubeBackend(Path.of(lines[lines.length - 1].strip()), dataDir, scripts, null);
    }

    /** The clone this jar was started from: the working directory or one of its parents. */
    public static Optional<Path> findRepoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("integration-tests/kube/start.sh"))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public KubernetesClient client() {
        try {
            Config config = Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
            return new KubernetesClientBuilder().withConfig(config).build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + kubeconfig, e);
        }
    }

    /** Installs the FluxConfig CRD and the real Flux CRDs (from this jar's classpath). */
    public static List<String> installCrds(KubernetesClient client) {
        return ProjectCrds.install(client);
    }

    /** The embedded API server when that is what runs, else null. */
    public EmbeddedKubeApi embedded() {
        return embedded;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
        if (scripts != null) {
            stop(scripts, dataDir);
        }
    }

    private static void stop(Path scripts, Path dataDir) {
        try {
            run(scripts.resolve("stop.sh"), dataDir, false);
        } catch (IllegalStateException e) {
            System.err.println("stopping the local API server: " + e.getMessage());
        }
    }

    private static String run(Path script, Path dataDir, boolean fresh) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FLUXCONFIG_KUBE_DATA", dataDir.toString());
        if (fresh) {
            env.put("FLUXCONFIG_KUBE_FRESH", "1");
        }
        return ChildProcess.run(List.of("bash", script.toString()), env, dataDir.resolve(script.getFileName() + ".log"),
                Duration.ofMinutes(30));
    }

    /** Where progress goes. */
    public interface Log {
        void info(String message);
    }
}
