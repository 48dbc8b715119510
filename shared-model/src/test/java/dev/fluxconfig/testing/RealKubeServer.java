package dev.fluxconfig.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import dev.fluxconfig.model.crd.ProjectCrds;
import dev.fluxconfig.sandbox.process.KubeScripts;

/**
 * The one handle on a real kube-apiserver (etcd-backed, built from Debian's sources by integration-tests/kube, driven by
 * its start/stop/restart scripts through {@link KubeScripts}):
 * <ul>
 * <li>{@link #get()}: the shared server, one per test JVM, with this project's CRDs installed. When
 * {@code FLUXCONFIG_TEST_KUBECONFIG} names a kubeconfig (CI starts one server for the whole run), that server is used;
 * otherwise this class starts its own and stops it when the JVM exits;</li>
 * <li>{@link #dedicated(String)}: a server of its own for one test (restarts, hundreds of objects), CRDs installed;</li>
 * <li>{@link #empty(String)}: a server of its own without the project's CRDs (a fresh cluster for the chart).</li>
 * </ul>
 * A server of its own is stopped and wiped on {@link #close()}; closing the shared one does nothing. It never skips: when
 * no server can be had, it fails with the reason.
 */
public final class RealKubeServer implements AutoCloseable {

    public static final String KUBECONFIG_ENV = "FLUXCONFIG_TEST_KUBECONFIG";

    private static RealKubeServer instance;

    private final Path kubeconfig;
    /** The data directory of a server of its own; null for the shared one. */
    private final Path data;
    private final KubernetesClient client;

    private RealKubeServer(Path kubeconfig, Path data, boolean crds) {
        this.kubeconfig = kubeconfig;
        this.data = data;
        this.client = newClient();
        if (crds) {
            installCrds(client);
        }
    }

    /** The shared server, started on first use. */
    public static synchronized RealKubeServer get() {
        if (instance == null) {
            String given = System.getenv(KUBECONFIG_ENV);
            if (given == null || given.isBlank()) {
                given = System.getProperty(KUBECONFIG_ENV);
            }
            instance = new RealKubeServer(given != null && !given.isBlank() ? Path.of(given) : startShared(), null, true);
            // Quarkus tests load this class again in each application class loader: they must find this server, not
            // start a second one on the same data directory.
            System.setProperty(KUBECONFIG_ENV, instance.kubeconfig.toString());
        }
        return instance;
    }

    /** A server of its own for one test, with the project's CRDs; stopped and wiped on close. */
    public static RealKubeServer dedicated(String name) {
        return startOwn(name, true);
    }

    /** A server of its own without the project's CRDs, as a fresh cluster; stopped and wiped on close. */
    public static RealKubeServer empty(String name) {
        return startOwn(name, false);
    }

    private static RealKubeServer startOwn(String name, boolean crds) {
        Path data = repoRoot().resolve(".kube-run/" + name + "-" + ProcessHandle.current().pid() + "-"
                + Long.toHexString(System.nanoTime()));
        return new RealKubeServer(start(data), data, crds);
    }

    /**
     * Stops kube-apiserver (and etcd too when asked) and starts it again on the same port with the same data; only on a
     * server of its own.
     */
    public void restartApiServer(boolean withEtcd) {
        if (data == null) {
            throw new IllegalStateException("the shared API server is not restarted by a test: use dedicated(name)");
        }
        script(() -> scripts().run("restart-apiserver.sh", data, withEtcd ? List.of("--with-etcd") : List.of(),
                Map.of(), Duration.ofMinutes(5)), KubeScripts.log(data, "restart-apiserver.sh"));
    }

    @Override
    public void close() {
        if (data == null) {
            return;
        }
        client.close();
        stop(data);
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
        Config config = config();
        config.setRequestTimeout(30_000);
        config.setMaxConcurrentRequests(32);
        config.setMaxConcurrentRequestsPerHost(32);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** A client that acts as the given ServiceAccount (the admin impersonates it), so RBAC decides what it may do. */
    public KubernetesClient clientAs(String namespace, String serviceAccount) {
        Config config = config();
        config.setImpersonateUsername("system:serviceaccount:" + namespace + ":" + serviceAccount);
        config.setImpersonateGroups("system:serviceaccounts", "system:serviceaccounts:" + namespace,
                "system:authenticated");
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private Config config() {
        try {
            return Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read kubeconfig " + kubeconfig, e);
        }
    }

    /** Root of the repository (the folder holding integration-tests/kube). */
    public static Path repoRoot() {
        return scripts().root();
    }

    private static KubeScripts scripts() {
        return KubeScripts.locate(Path.of(System.getProperty("user.dir")));
    }

    private static Path startShared() {
        Path data = repoRoot().resolve(".kube-run/test-" + ProcessHandle.current().pid());
        Path kubeconfig = start(data);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stop(data);
            } catch (RuntimeException e) {
                System.err.println("stopping the test API server failed: " + e.getMessage());
            }
        }));
        return kubeconfig;
    }

    /** start.sh on an empty cluster under {@code data}; the kubeconfig. */
    private static Path start(Path data) {
        return script(() -> scripts().start(data, true, Map.of(), Duration.ofMinutes(20)).kubeconfig(),
                KubeScripts.log(data, "start.sh"));
    }

    /** stop.sh with the etcd data wiped. */
    private static void stop(Path data) {
        script(() -> {
            scripts().stop(data, true, Duration.ofMinutes(1));
            return null;
        }, KubeScripts.log(data, "stop.sh"));
    }

    /** Runs one of the scripts; its log goes to this JVM's stderr, and a failure says what it stops. */
    private static <T> T script(Supplier<T> run, Path log) {
        T result;
        try {
            result = run.get();
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "\nso the real API server tests cannot run", e);
        }
        try {
            System.err.print(Files.readString(log));
        } catch (IOException e) {
            // the script ran; only its log is not shown
        }
        return result;
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
