package dev.fluxconfig.it.chart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import dev.fluxconfig.testing.RealKubeServer;

/**
 * A real API server of its own (integration-tests/kube), empty: unlike the shared {@link RealKubeServer} it has no
 * project CRDs installed, so an install test can show that the chart itself creates the FluxConfig CRD, into the real
 * flux-system namespace, as on a fresh cluster. Stopped (by its pid files) and wiped on close.
 */
final class EmptyKubeServer implements AutoCloseable {

    private final Path root = RealKubeServer.repoRoot();
    private final Path data;
    private final Path kubeconfig;
    private final KubernetesClient client;

    private EmptyKubeServer(Path data, Path kubeconfig) {
        this.data = data;
        this.kubeconfig = kubeconfig;
        try {
            Config config = Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
            this.client = new KubernetesClientBuilder().withConfig(config).build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + kubeconfig, e);
        }
    }

    static EmptyKubeServer start() {
        Path root = RealKubeServer.repoRoot();
        Path data = root.resolve(".kube-run/chart-" + UUID.randomUUID().toString().substring(0, 8));
        String out = run(root.resolve("integration-tests/kube/start.sh"),
                Map.of("FLUXCONFIG_KUBE_DATA", data.toString(), "FLUXCONFIG_KUBE_FRESH", "1"), Duration.ofMinutes(20));
        String[] lines = out.strip().split("\n");
        return new EmptyKubeServer(data, Path.of(lines[lines.length - 1].strip()));
    }

    /** A client that acts as the given ServiceAccount (the admin impersonates it), so RBAC decides what it may do. */
    KubernetesClient clientAs(String namespace, String serviceAccount) {
        try {
            Config config = Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
            config.setImpersonateUsername("system:serviceaccount:" + namespace + ":" + serviceAccount);
            config.setImpersonateGroups("system:serviceaccounts", "system:serviceaccounts:" + namespace,
                    "system:authenticated");
            return new KubernetesClientBuilder().withConfig(config).build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + kubeconfig, e);
        }
    }

    Path kubeconfig() {
        return kubeconfig;
    }

    KubernetesClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        run(root.resolve("integration-tests/kube/stop.sh"),
                Map.of("FLUXCONFIG_KUBE_DATA", data.toString(), "FLUXCONFIG_KUBE_WIPE", "1"), Duration.ofMinutes(1));
        try (var files = Files.walk(data)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + data + ": " + e.getMessage());
        }
    }

    private static String run(Path script, Map<String, String> env, Duration timeout) {
        try {
            ProcessBuilder pb = new ProcessBuilder("bash", script.toString());
            pb.environment().putAll(env);
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
                throw new IllegalStateException(script + " failed with exit code " + p.exitValue() + ":\n" + log + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + script, e);
        }
    }
}
