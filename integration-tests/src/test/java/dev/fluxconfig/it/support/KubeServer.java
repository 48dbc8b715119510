package dev.fluxconfig.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import dev.fluxconfig.testing.RealKubeServer;

/**
 * A real API server (integration-tests/kube) of its own, in its own data dir and on a fixed port, so it can be restarted
 * under running clients without disturbing the server other tests share. The project's CRDs are installed at start.
 */
public final class KubeServer implements AutoCloseable {

    private final Path data;
    private final int port;
    private Path kubeconfig;

    private KubeServer(Path data, int port) {
        this.data = data;
        this.port = port;
    }

    /** Starts a fresh server (empty etcd) in {@code data}. */
    public static KubeServer start(Path data) {
        KubeServer server = new KubeServer(data, AppProcess.freePort());
        server.kubeconfig = server.run("start.sh", Map.of("FLUXCONFIG_KUBE_FRESH", "1"));
        try (KubernetesClient client = server.newClient()) {
            RealKubeServer.installCrds(client);
        }
        return server;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public int port() {
        return port;
    }

    public Path data() {
        return data;
    }

    /** A new admin client (close it when done). */
    public KubernetesClient newClient() {
        try {
            Config config = Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
            config.setRequestTimeout(30_000);
            return new KubernetesClientBuilder().withConfig(config).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops etcd, the API server and the controller-manager; their data stays. */
    public void stop() {
        run("stop.sh", Map.of());
    }

    /** Starts them again on the same data and the same port. */
    public void startAgain() {
        kubeconfig = run("start.sh", Map.of());
    }

    /** Stops the server and deletes its data. */
    @Override
    public void close() {
        run("stop.sh", Map.of("FLUXCONFIG_KUBE_WIPE", "1"));
    }

    private Path run(String script, Map<String, String> env) {
        Path path = RealKubeServer.repoRoot().resolve("integration-tests/kube").resolve(script);
        try {
            Files.createDirectories(data);
            ProcessBuilder pb = new ProcessBuilder("bash", path.toString());
            pb.environment().put("FLUXCONFIG_KUBE_DATA", data.toString());
            pb.environment().put("FLUXCONFIG_KUBE_API_PORT", Integer.toString(port));
            pb.environment().putAll(env);
            Path err = data.resolve(script + ".log");
            pb.redirectError(err.toFile());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(path + " did not finish");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(path + " failed (" + p.exitValue() + "):\n" + Files.readString(err) + out);
            }
            String[] lines = out.strip().split("\n");
            return lines.length == 0 || lines[lines.length - 1].isBlank()
                    ? kubeconfig
                    : Path.of(lines[lines.length - 1].strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
