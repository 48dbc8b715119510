package dev.fluxconfig.it.node;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.sandbox.cli.ConfigurationBuilder;
import dev.fluxconfig.sandbox.cli.SandboxState;
import dev.fluxconfig.sandbox.emulator.DataPlaneEmulator;
import dev.fluxconfig.sandbox.fluxstandin.FluxStandIn;

import picocli.CommandLine;

/**
 * The tutorial with the apps as the chart's pods on the local node ({@code node/tutorial.sh}, or the sandbox's
 * {@code tutorial --on-node}): an API server and a node of their own, the images from the project's Dockerfile, the
 * chart installed with real Helm, the data-plane emulator and the Flux stand-in beside the node; then
 * {@code cluster-config} is created as {@code az k8s-configuration flux create} creates it, and its compliance is shown
 * from the cluster and from the cloud until Compliant, then {@code kubectl get pods -A} and the pods' logs.
 */
public final class NodeTutorial {

    static final List<String> CREATE = List.of("-n", "cluster-config", "--namespace", "cluster-config", "--scope",
            "cluster", "-u", "https://github.com/Azure/gitops-flux2-kustomize-helm-mt", "--branch", "main",
            "--kustomization", "name=infra", "path=./infrastructure", "prune=true", "--kustomization", "name=apps",
            "path=./apps/staging", "prune=true", "dependsOn=[\"infra\"]");

    private static final long STARTED = System.nanoTime();

    public static void main(String[] args) throws Exception {
        boolean once = false;
        Duration timeout = Duration.ofMinutes(10);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--once" -> once = true;
                case "--timeout" -> timeout = dev.fluxconfig.model.Durations.parseFlux(args[++i]);
                default -> {
                    System.err.println("unknown argument " + args[i] + "; known: --once, --timeout 10m");
                    System.exit(2);
                }
            }
        }
        System.exit(run(once, timeout));
    }

    static int run(boolean once, Duration timeout) throws Exception {
        say("== a node of its own: API server (RBAC on) + dockerd + kubelet + kube-scheduler, on loopback");
        try (LocalNode node = LocalNode.start();
                DataPlaneEmulator emulator = new DataPlaneEmulator(DataPlaneEmulator.Options.defaults()).start();
                FluxStandIn standIn = FluxStandIn.builder(ChartOnNode.installFluxCrds(node)).allNamespaces()
                        .reconcileDelay(Duration.ofMillis(500)).start()) {
            say("kubeconfig: " + node.kubeconfig());
            say("== data-plane emulator " + emulator.dataPlaneUrl() + ", Flux stand-in " + FluxStandIn.LOG_PREFIX);
            say("== images from src/main/docker/Dockerfile.jvm, then helm install of helm/fluxconfig (waits for the pods)");
            ChartOnNode chart = ChartOnNode.install(node, emulator, Map.of());
            System.out.print(node.kubectl("get", "pods", "-A", "-o", "wide"));

            say("== az k8s-configuration flux create " + String.join(" ", CREATE));
            ConfigurationBuilder builder = new ConfigurationBuilder();
            new CommandLine(builder).parseArgs(CREATE.toArray(String[]::new));
            ConfigurationBuilder.Result created = builder.create(UUID.randomUUID().toString());
            SandboxState.Admin cloud = chart.cloud();
            cloud.put("cluster-config", created.configuration());

            long deadline = System.nanoTime() + timeout.toNanos();
            String last = null;
            boolean compliant = false;
            while (!compliant && System.nanoTime() < deadline) {
                FluxConfig cr = node.client().resources(FluxConfig.class).inNamespace("cluster-config")
                        .withName("cluster-config").get();
                JsonNode reported = cloud.statuses().get("cluster-config");
                String now = "cluster-config: in the cluster " + (cr == null
                        ? "not applied yet"
                        : cr.getStatus() == null
                                ? "applied, not reconciled yet"
                                : cr.getStatus().getProvisioningState() + "/" + cr.getStatus().getComplianceState())
                        + "; reported to the cloud " + (reported == null
                                ? "nothing reported yet"
                                : reported.path("provisioningState").asText() + "/"
                                        + reported.path("complianceState").asText());
                if (!now.equals(last)) {
                    say(now);
                    last = now;
                }
                compliant = reported != null && "Compliant".equals(reported.path("complianceState").asText());
                if (!compliant) {
                    TimeUnit.MILLISECONDS.sleep(500); // the pace of the progress display
                }
            }
            System.out.println();
            System.out.println("$ kubectl get pods -A");
            System.out.print(node.kubectl("get", "pods", "-A"));
            System.out.println("$ kubectl get fluxconfigs,gitrepositories,kustomizations -A");
            System.out.print(node.kubectl("get", "fluxconfigs,gitrepositories,kustomizations", "-A"));
            for (String app : List.of(ChartOnNode.AGENT, ChartOnNode.CONTROLLER)) {
                System.out.println("$ kubectl logs -n flux-system deploy/" + app + " --tail 3");
                System.out.print(node.kubectl("logs", "-n", ChartOnNode.NAMESPACE, "deploy/" + app, "--tail", "3"));
            }
            chart.memory().forEach((app, m) -> say(String.format(Locale.ROOT,
                    "%s: memory-cgroup working set %.1f MiB, RSS %.1f MiB, limit %.0f MiB", app, m.workingSetMib(),
                    m.rssMib(), m.limitBytes() / 1048576.0)));
            if (!compliant) {
                say("cluster-config is not Compliant after " + timeout);
                return 1;
            }
            say("cluster-config is Compliant");
            if (!once) {
                say("kubectl --kubeconfig " + node.kubeconfig() + " get pods -A   (Ctrl-C stops everything)");
                // Ctrl-C ends the JVM without leaving this block: stop what it started from the shutdown hook.
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    say("stopping the stand-in, the emulator and the node");
                    standIn.close();
                    emulator.close();
                    node.close();
                }));
                new CountDownLatch(1).await();
            }
            return 0;
        }
    }

    static void say(String message) {
        System.out.printf("[%3ds] %s%n", (System.nanoTime() - STARTED) / 1_000_000_000L, message);
        System.out.flush();
    }
}
