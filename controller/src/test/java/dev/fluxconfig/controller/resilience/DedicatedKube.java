package dev.fluxconfig.controller.resilience;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import dev.fluxconfig.testing.RealKubeServer;

/**
 * A real API server of its own for one resilience test (its own data dir, started by integration-tests/kube/start.sh),
 * so that restarting it or filling it with hundreds of configurations disturbs no other test. Stopped and wiped on close.
 */
final class DedicatedKube implements AutoCloseable {

    private final Path root = RealKubeServer.repoRoot();
    private final Path data;
    private final Path kubeconfig;
    private final KubernetesClient client;

    private DedicatedKube(String name) {
        data = root.resolve(".kube-run/" + name + "-" + ProcessHandle.current().pid());
        String out = script("start.sh", List.of(), Map.of("FLUXCONFIG_KUBE_FRESH", "1"));
        String[] lines = out.strip().split("\n");
        kubeconfig = Path.of(lines[lines.length - 1].strip());
        try {
            Config config = Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
            config.setRequestTimeout(30_000);
            config.setMaxConcurrentRequests(32);
            config.setMaxConcurrentRequestsPerHost(32);
            client = new KubernetesClientBuilder().withConfig(config).build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + kubeconfig, e);
        }
        RealKubeServer.installCrds(client);
    }

    static DedicatedKube start(String name) {
        return new DedicatedKube(name);
    }

    KubernetesClient client() {
        return client;
    }

    Path kubeconfig() {
        return kubeconfig;
    }

    Path dataDir() {
        return data;
    }

    /** Stops kube-apiserver (and etcd too when asked) and starts it again on the same port with the same data. */
    void restartApiServer(boolean withEtcd) {
        script("restart-apiserver.sh", withEtcd ? List.of("--with-etcd") : List.of(), Map.of());
    }

    @Override
    public void close() {
        client.close();
        script("stop.sh", List.of(), Map.of("FLUXCONFIG_KUBE_WIPE", "1"));
    }

    private String script(String name, List<String> args, Map<String, String> env) {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("integration-tests/kube/" + name).toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("FLUXCONFIG_KUBE_DATA", data.toString());
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(Duration.ofMinutes(5).toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(name + " did not finish in 5 minutes");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(name + " failed with exit code " + p.exitValue() + " (data dir " + data + ")");
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + name, e);
        }
    }
}
