package dev.fluxconfig.it.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import dev.fluxconfig.model.FluxConfigConstants;
import dev.fluxconfig.model.flux.common.CrossNamespaceSourceReference;
import dev.fluxconfig.model.flux.common.NamespacedObjectReference;
import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.kustomize.KustomizationSpec;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.flux.source.GitRepositoryRef;
import dev.fluxconfig.model.flux.source.GitRepositorySpec;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.status.ComplianceState;
import dev.fluxconfig.testing.RealKubeServer;
import dev.fluxconfig.testing.TestConfigs;

/**
 * The controller benchmark (a program, not a test; started by integration-tests/bench/run.sh): N FluxConfigs with two
 * kustomizations each converge on the real API server with the packaged controller and the Flux stand-in; the same
 * objects created directly by a plain client give the floor. Prints a table and, last, one {@code bench:} line.
 */
public final class Bench {

    static final int THREADS = 8;
    static final int NAMESPACES = 10;

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        int n = 1000;
        Path kubeconfig = null;
        Path root = Path.of(".").toAbsolutePath().normalize();
        Duration resync = Duration.ofSeconds(20);
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--configs" -> n = Integer.parseInt(args[i + 1]);
                case "--kubeconfig" -> kubeconfig = Path.of(args[i + 1]);
                case "--root" -> root = Path.of(args[i + 1]);
                case "--resync-seconds" -> resync = Duration.ofSeconds(Long.parseLong(args[i + 1]));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (kubeconfig == null) {
            throw new IllegalArgumentException("--kubeconfig is required");
        }
        Config config = Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
        config.setRequestTimeout(60_000);
        config.setMaxConcurrentRequests(64);
        config.setMaxConcurrentRequestsPerHost(64);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            RealKubeServer.installCrds(client);
            new Bench().run(client, n, kubeconfig, root, resync);
        }
        System.exit(0);
    }

    void run(KubernetesClient client, int n, Path kubeconfig, Path root, Duration resync) throws Exception {
        for (int i = 0; i < NAMESPACES; i++) {
            for (String prefix : List.of("base-", "bench-")) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(prefix + i).endMetadata()
                        .build()).serverSideApply();
            }
        }

        // the floor: the same generated objects, written directly
        long b0 = System.nanoTime();
        for (int i = 0; i < NAMESPACES; i++) {
            client.serviceAccounts().resource(new ServiceAccountBuilder().withNewMetadata().withName("flux-applier")
                    .withNamespace("base-" + i).endMetadata().build()).create();
        }
        parallel(n, i -> {
            String ns = "base-" + (i % NAMESPACES);
            String name = "cfg-" + i;
            client.resource(gitRepository(ns, name)).create();
            client.resource(kustomization(ns, name, "infra", null)).create();
            client.resource(kustomization(ns, name, "apps", name + "-infra")).create();
            client.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata()
                    .withName("base-" + ns + "-" + name).endMetadata()
                    .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
                    .addNewSubject().withKind("ServiceAccount").withName("flux-applier").withNamespace(ns).endSubject()
                    .build()).create();
        });
        double baseline = (System.nanoTime() - b0) / 1e9;

        Path logs = Files.createTempDirectory("bench-logs");
        Process standIn = start(List.of("-jar", root.resolve("sandbox/target/quarkus-app/quarkus-run.jar").toString(),
                "flux-stand-in"), Map.of("KUBECONFIG", kubeconfig.toString()), logs.resolve("stand-in.log"));
        int port = freePort();
        List<String> controllerArgs = new ArrayList<>(List.of("-XX:+UseSerialGC", "-Xmx64m", "-XX:MaxMetaspaceSize=80m",
                "-Xss512k", "-XX:ReservedCodeCacheSize=24m", "-XX:TieredStopAtLevel=1"));
        controllerArgs.addAll(List.of("-jar", root.resolve("controller/target/quarkus-app/quarkus-run.jar").toString()));
        Process controller = start(controllerArgs, Map.of("KUBECONFIG", kubeconfig.toString(), "QUARKUS_HTTP_PORT",
                String.valueOf(port), "FLUXCONFIG_CONTROLLER_RESYNC_PERIOD", resync.toSeconds() + "s"),
                logs.resolve("controller.log"));
        try {
            waitFor("controller ready", Duration.ofMinutes(2), () -> http(port, "/q/health/ready").startsWith("200"));

            long c0 = System.nanoTime();
            int total = n;
            parallel(n, i -> {
                FluxConfig fc = TestConfigs.tutorial("cfg-" + i, "bench-" + (i % NAMESPACES));
                fc.getSpec().getGitRepository().setUrl("https://example.com/bench/repo-" + i);
                client.resource(fc).create();
            });
            waitFor("every FluxConfig Compliant", Duration.ofMinutes(30), () -> {
                long compliant = client.resources(FluxConfig.class).inAnyNamespace().list().getItems().stream()
                        .filter(c -> c.getMetadata().getNamespace().startsWith("bench-"))
                        .filter(c -> c.getStatus() != null && c.getStatus().getComplianceState() == ComplianceState.COMPLIANT)
                        .count();
                return compliant == total;
            });
            double converge = (System.nanoTime() - c0) / 1e9;

            double writesBefore = writes(port);
            Thread.sleep(resync.multipliedBy(2).plusSeconds(5).toMillis());
            double idleWrites = writes(port) - writesBefore;
            long rssKib = rssKib(controller.pid());
            double heapMib = metricSum(port, "jvm_memory_used_bytes", "area=\"heap\"") / (1024 * 1024);

            double ratio = converge / baseline;
            System.out.printf("%n%-22s %12s%n", "measure", "value");
            System.out.printf("%-22s %12d%n", "configs", n);
            System.out.printf("%-22s %12.1f%n", "converge_s", converge);
            System.out.printf("%-22s %12.1f%n", "baseline_s", baseline);
            System.out.printf("%-22s %12.2f%n", "ratio", ratio);
            System.out.printf("%-22s %12.0f%n", "idle_writes", idleWrites);
            System.out.printf("%-22s %12d%n", "controller_rss_mib", rssKib / 1024);
            System.out.printf("%-22s %12.1f%n", "controller_heap_mib", heapMib);
            System.out.printf("%-22s %12s%n", "agent_p99_ms", "n/a");
            System.out.printf("bench: ratio=%.2f idle_writes=%.0f controller_rss_mib=%d agent_p99_ms=n/a%n", ratio, idleWrites,
                    rssKib / 1024);
        } finally {
            controller.destroy();
            standIn.destroy();
        }
    }

    static GitRepository gitRepository(String ns, String name) {
        GitRepository g = new GitRepository();
        g.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        GitRepositorySpec s = new GitRepositorySpec();
        s.setUrl("https://example.com/bench/" + name);
        s.setInterval("10m0s");
        s.setTimeout("10m0s");
        GitRepositoryRef ref = new GitRepositoryRef();
        ref.setBranch("main");
        s.setRef(ref);
        s.setSuspend(false);
        g.setSpec(s);
        return g;
    }

    static Kustomization kustomization(String ns, String config, String name, String dependsOn) {
        Kustomization k = new Kustomization();
        k.setMetadata(new ObjectMetaBuilder().withName(config + "-" + name).withNamespace(ns).build());
        KustomizationSpec s = new KustomizationSpec();
        s.setSourceRef(new CrossNamespaceSourceReference("GitRepository", config, ns));
        s.setPath("./" + name);
        s.setInterval("10m0s");
        s.setTimeout("10m0s");
        s.setPrune(true);
        s.setWait(true);
        s.setForce(false);
        s.setSuspend(false);
        s.setServiceAccountName(FluxConfigConstants.FLUX_APPLIER_SERVICE_ACCOUNT);
        if (dependsOn != null) {
            s.setDependsOn(List.of(new NamespacedObjectReference(dependsOn, null)));
        }
        k.setSpec(s);
        return k;
    }

    static void parallel(int n, IntConsumer work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> work.accept(index)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static Process start(List<String> args, Map<String, String> env, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitFor(String what, Duration limit, Check check) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("timed out waiting for " + what);
    }

    static String http(int port, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    static double writes(int port) throws Exception {
        return metricSum(port, "fluxconfig_controller_writes_total", "");
    }

    static double metricSum(int port, String metric, String labelFilter) throws Exception {
        double sum = 0;
        Matcher m = Pattern.compile("(?m)^" + metric + "\\{([^}]*)\\} ([0-9.eE+-]+)$").matcher(http(port, "/q/metrics"));
        while (m.find()) {
            if (m.group(1).contains(labelFilter)) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
