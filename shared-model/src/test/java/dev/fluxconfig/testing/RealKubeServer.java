package dev.fluxconfig.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import dev.fluxconfig.model.crd.ProjectCrds;

/**
 * One real kube-apiserver (etcd-backed, built from Debian's sources by integration-tests/kube) per test JVM, with this
 * project's CRDs installed. When {@code FLUXCONFIG_TEST_KUBECONFIG} names a kubeconfig (CI starts one server for the whole
 * run), that server is used; otherwise this class starts its own and stops it when the JVM exits. It never skips: when no
 * server can be had, it fails with the reason.
 */
public final class RealKubeServer {

    public static final String KUBECONFIG_ENV = "FLUXCONFIG_TEST_KUBECONFIG";

    private static RealKubeServer instance;

    private final Path kubeconfig;
    private final KubernetesClient client;

    private RealKubeServer(Path kubeconfig) {
        this.kubeconfig = kubeconfig;
        this.client = newClient();
        installCrds(client);
    }

    /** The shared server, started on first use. */
    public static synchronized RealKubeServer get() {
        if (instance == null) {
            String given = System.getenv(KUBECONFIG_ENV);
            if (given == null || given.isBlank()) {
                given = System.getProperty(KUBECONFIG_ENV);
            }
            instance = new RealKubeServer(given != null && !given.isBlank() ? Path.of(given) : startOwn());
            // Quarkus tests load this class again in each application class loader: they must find this server, not
            // start a second one on the same data directory.
            System.setProperty(KUBECONFIG_ENV, instance.kubeconfig.toString());
        }
        return instance;
    }

    /** Path of the kubeconfig for the server, for processes started by tests. */
    public Path kubeconfig() {
        return kubeconfig;
    }

    /** A client for the admin user, shared by the tests of this JVM. */
    public KubernetesClient client() {
        return client;
    }

    /** A new client of its own (close it when done). */
    public KubernetesClient newClient() {
        try {
            String yaml = Files.readString(kubeconfig);
            Config config = Config.fromKubeconfig(null, yaml, kubeconfig.toString());
            config.setRequestTimeout(30_000);
            return new KubernetesClientBuilder().withConfig(config).build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read kubeconfig " + kubeconfig, e);
        }
    }

    /** Root of the repository (the folder holding integration-tests/kube). */
    public static Path repoRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("integration-tests/kube/start.sh"))) {
                return p;
            }
        }
        throw new IllegalStateException("integration-tests/kube/start.sh not found above " + dir);
    }

    private static Path startOwn() {
        Path root = repoRoot();
        Path data = root.resolve(".kube-run/test-" + ProcessHandle.current().pid());
        List<String> env = List.of("FLUXCONFIG_KUBE_DATA=" + data, "FLUXCONFIG_KUBE_FRESH=1");
        String out = run(root.resolve("integration-tests/kube/start.sh"), env, Duration.ofMinutes(20));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                run(root.resolve("integration-tests/kube/stop.sh"), List.of("FLUXCONFIG_KUBE_DATA=" + data,
                        "FLUXCONFIG_KUBE_WIPE=1"), Duration.ofMinutes(1));
            } catch (RuntimeException e) {
                System.err.println("stopping the test API server failed: " + e.getMessage());
            }
        }));
        String[] lines = out.strip().split("\n");
        return Path.of(lines[lines.length - 1].strip());
    }

    private static String run(Path script, List<String> env, Duration timeout) {
        try {
            ProcessBuilder pb = new ProcessBuilder("bash", script.toString());
            for (String e : env) {
                int eq = e.indexOf('=');
                pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
            }
            Path err = Files.createTempFile("kube-script", ".log");
            pb.redirectError(err.toFile());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(script + " did not finish in " + timeout);
            }
            String log = Files.readString(err);
            Files.deleteIfExists(err);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(script + " failed with exit code " + p.exitValue()
                        + ", so the real API server tests cannot run:\n" + log + out);
            }
            System.err.print(log);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + script, e);
        }
    }

    /** The project's CRDs (FluxConfig and the real Flux CRDs), from the classpath. */
    public static List<CustomResourceDefinition> projectCrds(KubernetesClient client) {
        return ProjectCrds.load(client);
    }

    /** Creates or updates the project's CRDs and waits until each is Established. */
    public static void installCrds(KubernetesClient client) {
        ProjectCrds.install(client);
    }
}
