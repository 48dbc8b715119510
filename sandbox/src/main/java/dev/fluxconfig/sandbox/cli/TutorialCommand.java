package dev.fluxconfig.sandbox.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.client.KubernetesClient;

import dev.fluxconfig.model.Durations;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.sandbox.emulator.DataPlaneEmulator;
import dev.fluxconfig.sandbox.fluxstandin.FluxStandIn;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The seed tutorial on this machine: a Kubernetes API, the data-plane emulator, the Flux stand-in (test equipment), the
 * agent and the controller; then {@code cluster-config} is created as {@code az k8s-configuration flux create} would
 * create it, and the tutorial's views are shown as it converges.
 */
@Command(name = "tutorial", mixinStandardHelpOptions = true, description = "Play the GitOps (Flux v2) tutorial locally.")
public class TutorialCommand implements Callable<Integer> {

    static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
    static final String RESOURCE_GROUP = "flux-demo-rg";
    static final String CLUSTER = "flux-demo-arc";
    static final String REGION = "eastus";

    /** The tutorial's command, as a person types it. */
    static final List<String> CREATE = List.of("-n", "cluster-config", "--namespace", "cluster-config", "--scope",
            "cluster", "-u", "https://github.com/Azure/gitops-flux2-kustomize-helm-mt", "--branch", "main", "--kustomization",
            "name=infra", "path=./infrastructure", "prune=true", "--kustomization", "name=apps", "path=./apps/staging",
            "prune=true", "dependsOn=[\"infra\"]");

    @Option(names = "--once", description = "Exit 0 once cluster-config is Compliant (non-zero with the reason otherwise).")
    boolean once;

    @Option(names = "--kubeconfig", description = "Use this cluster instead of starting the local API server.")
    Path kubeconfig;

    @Option(names = "--embedded", description = "Use the embedded in-memory API server even when the real one is built.")
    boolean embedded;

    @Option(names = "--on-node", description = "Run the agent and the controller as the chart's pods on a real local node "
            + "(integration-tests/node: root and Debian's packages needed; the first run builds the node, several minutes).")
    boolean onNode;

    @Option(names = "--timeout", defaultValue = "5m", description = "How long to wait for Compliant (default ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--work-dir", defaultValue = ".sandbox", description = "State, logs and the local cluster's data.")
    Path workDir;

    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final Instant started = Instant.now();

    void say(String message) {
        long s = Duration.between(started, Instant.now()).getSeconds();
        System.out.printf("[%3ds] %s%n", s, message);
        System.out.flush();
    }

    @Override
    public Integer call() throws Exception {
        Duration limit = Duration.ofSeconds(Durations.parseCli(timeout));
        Path root = KubeBackend.findRepoRoot().orElseThrow(() -> new CommandLine.ExecutionException(new CommandLine(this),
                "run the sandbox from the project's clone (it starts the agent and controller the build packaged)"));
        if (onNode) {
            return runOnNode(root);
        }
        Path work = root.resolve(workDir).toAbsolutePath();
        Files.createDirectories(work.resolve("logs"));
        Thread shutdown = new Thread(this::stopAll);
        Runtime.getRuntime().addShutdownHook(shutdown);
        try {
            say("== Kubernetes API");
            KubeBackend kube = startKube(root, work);
            running.push(kube);
            KubernetesClient client = kube.client();
            running.push(client);
            say("kubeconfig: " + kube.kubeconfig());
            say("installing CRDs: " + String.join(", ", KubeBackend.installCrds(client)));

            say("== data-plane emulator (the cloud side: ARM + the regional data plane + Azure AD)");
            DataPlaneEmulator emulator = new DataPlaneEmulator(DataPlaneEmulator.Options.defaults()).start();
            running.push(emulator);
            String clusterPath = clusterPath();
            SandboxState state = new SandboxState(emulator.dataPlaneUrl() + "/admin", clusterPath,
                    kube.kubeconfig().toString());
            state.write(work);
            say("data plane " + emulator.dataPlaneUrl() + ", authority " + emulator.authorityUrl());

            say("== Flux stand-in " + FluxStandIn.LOG_PREFIX);
            running.push(FluxStandIn.builder(client).allNamespaces().reconcileDelay(Duration.ofMillis(500)).start());

            say("== fluxconfig-controller");
            Map<String, String> common = new LinkedHashMap<>();
            common.put("KUBECONFIG", kube.kubeconfig().toString());
            common.put("POD_NAMESPACE", "flux-system");
            common.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
            ManagedProcess controller = ManagedProcess.start("fluxconfig-controller",
                    root.resolve("controller/target/quarkus-app/quarkus-run.jar"), common, work.resolve("logs"));
            running.push(controller);
            say("pid " + controller.pid() + ", log " + controller.log());

            say("== fluxconfig-agent");
            Map<String, String> agentEnv = new LinkedHashMap<>(common);
            agentEnv.putAll(agentEnvironment(emulator));
            ManagedProcess agent = ManagedProcess.start("fluxconfig-agent",
                    root.resolve("agent/target/quarkus-app/quarkus-run.jar"), agentEnv, work.resolve("logs"));
            running.push(agent);
            say("pid " + agent.pid() + ", log " + agent.log());

            say("== az k8s-configuration flux create " + String.join(" ", CREATE));
            ConfigurationBuilder flags = new ConfigurationBuilder();
            new CommandLine(flags).parseArgs(CREATE.toArray(String[]::new));
            ConfigurationBuilder.Result created = flags.create(java.util.UUID.randomUUID().toString());
            if (!created.errors().isEmpty()) {
                throw new IllegalStateException("the tutorial's own configuration was refused: " + created.errors());
            }
            state.admin().put("cluster-config", created.configuration());

            boolean compliant = watch(client, state.admin(), limit, List.of(controller, agent));
            showViews(client, state.admin());
            if (!compliant) {
                say("cluster-config is not Compliant after " + timeout + "; logs are in " + work.resolve("logs"));
                return 1;
            }
            say("cluster-config is Compliant");
            if (once) {
                return 0;
            }
            String jar = "java -jar " + root.relativize(root.resolve("sandbox/target/quarkus-app/quarkus-run.jar"));
            System.out.println();
            System.out.println("The sandbox is up. In another terminal, from " + root + ":");
            System.out.println("  " + jar + " flux list -o table");
            System.out.println("  " + jar + " flux show -n cluster-config");
            System.out.println(
                    "  " + jar + " flux kustomization create -n cluster-config -k extra --path ./apps/production --prune");
            System.out.println("  " + jar + " flux update -n cluster-config --suspend");
            System.out.println("  " + jar + " flux deployed-object list -n cluster-config -o table");
            System.out.println("  " + jar + " flux delete -n cluster-config --yes");
            System.out.println("  kubectl --kubeconfig " + kube.kubeconfig() + " get fluxconfigs -A");
            System.out.println("Ctrl-C stops everything.");
            new CountDownLatch(1).await();
            return 0;
        } finally {
            stopAll();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdown);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }

    /** The same tutorial with the apps as pods on the local node: integration-tests/node/tutorial.sh, in this terminal. */
    int runOnNode(Path root) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash",
                root.resolve("integration-tests/node/tutorial.sh").toString(), "--timeout", timeout));
        if (once) {
            cmd.add("--once");
        }
        say("== the apps as pods on a local node: " + String.join(" ", cmd));
        Process p = new ProcessBuilder(cmd).directory(root.toFile()).inheritIO().start();
        return p.waitFor();
    }

    /** The sandbox cluster's path on the data plane (what the agent's cluster settings name). */
    public static String clusterPath() {
        return DataPlaneEmulator.clusterPath(SUBSCRIPTION, RESOURCE_GROUP, "Microsoft.Kubernetes", "connectedClusters",
                CLUSTER);
    }

    /** The cluster of --kubeconfig, else the project's real API server when it is built, else the embedded one. */
    KubeBackend startKube(Path root, Path work) {
        if (kubeconfig != null) {
            say("using the cluster of " + kubeconfig + " (--kubeconfig)");
            return KubeBackend.external(kubeconfig);
        }
        if (embedded) {
            say("using the embedded API server (--embedded)");
            return KubeBackend.startEmbedded(work.resolve("embedded-kube"));
        }
        java.util.Optional<String> missing = KubeBackend.realServerMissing(System.getenv());
        if (missing.isPresent()) {
            say("using the embedded API server: the real one is not built (" + missing.get()
                    + "; integration-tests/kube/build.sh builds it, on Debian with root)");
            return KubeBackend.startEmbedded(work.resolve("embedded-kube"));
        }
        say("using the project's real API server (kube-apiserver " + KubeBackend.REAL_VERSION
                + " + etcd, built and cached; --embedded for the in-memory one)");
        return KubeBackend.startLocal(root, work.resolve("kube"), this::say);
    }

    /** The agent's settings: the emulator's data plane and authority, a service principal, a short poll. */
    public static Map<String, String> agentEnvironment(DataPlaneEmulator emulator) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FLUXCONFIG_AGENT_DATA_PLANE_ENDPOINT", emulator.dataPlaneUrl());
        env.put("FLUXCONFIG_AGENT_CLUSTER_SUBSCRIPTION_ID", SUBSCRIPTION);
        env.put("FLUXCONFIG_AGENT_CLUSTER_RESOURCE_GROUP", RESOURCE_GROUP);
        env.put("FLUXCONFIG_AGENT_CLUSTER_RESOURCE_PROVIDER", "Microsoft.Kubernetes");
        env.put("FLUXCONFIG_AGENT_CLUSTER_TYPE", "connectedClusters");
        env.put("FLUXCONFIG_AGENT_CLUSTER_NAME", CLUSTER);
        env.put("FLUXCONFIG_AGENT_CLUSTER_REGION", REGION);
        env.put("FLUXCONFIG_AGENT_AUTH_MODE", "client-secret");
        env.put("FLUXCONFIG_AGENT_AUTH_CLIENT_ID", "sandbox-agent");
        env.put("FLUXCONFIG_AGENT_AUTH_TENANT_ID", "sandbox-tenant");
        env.put("FLUXCONFIG_AGENT_AUTH_CLIENT_SECRET", "sandbox-only-secret");
        env.put("FLUXCONFIG_AGENT_AUTH_AUTHORITY", emulator.authorityUrl());
        env.put("FLUXCONFIG_AGENT_AUTH_CA_FILE", emulator.caCertificate().toString());
        env.put("FLUXCONFIG_AGENT_POLL_INTERVAL", "3s");
        env.put("FLUXCONFIG_AGENT_STATUS_DEBOUNCE", "1s");
        return env;
    }

    /** Shows the compliance as it moves, from the cluster and from what the cloud received, until Compliant. */
    boolean watch(KubernetesClient client, SandboxState.Admin admin, Duration limit, List<ManagedProcess> apps)
            throws Exception {
        Instant deadline = Instant.now().plus(limit);
        String last = null;
        while (Instant.now().isBefore(deadline)) {
            for (ManagedProcess app : apps) {
                if (!app.isAlive()) {
                    throw new IllegalStateException(app.name() + " exited; see " + app.log());
                }
            }
            FluxConfig cr = client.resources(FluxConfig.class).inNamespace("cluster-config").withName("cluster-config").get();
            JsonNode reported = admin.statuses().get("cluster-config");
            String inCluster = cr == null
                    ? "not applied yet"
                    : cr.getStatus() == null
                            ? "applied, not reconciled yet"
                            : cr.getStatus().getProvisioningState() + "/" + cr.getStatus().getComplianceState();
            String inCloud = reported == null
                    ? "nothing reported yet"
                    : reported.path("provisioningState").asText() + "/" + reported.path("complianceState").asText();
            String now = "cluster-config: in the cluster " + inCluster + "; reported to the cloud " + inCloud;
            if (!now.equals(last)) {
                say(now);
                last = now;
            }
            if (reported != null && "Compliant".equals(reported.path("complianceState").asText())) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    void showViews(KubernetesClient client, SandboxState.Admin admin) throws Exception {
        System.out.println();
        System.out.println("$ az k8s-configuration flux show -n cluster-config   (sandbox: flux show -n cluster-config)");
        System.out.println(FluxCommand.JSON.writeValueAsString(
                FluxCommand.armView(admin.get("cluster-config"), admin.statuses().get("cluster-config"))));
        System.out.println();
        System.out.println("$ kubectl get fluxconfigs -A");
        System.out.print(ClusterViews.fluxConfigs(client));
        System.out.println();
        System.out.println("$ kubectl get gitrepositories -A");
        System.out.print(ClusterViews.gitRepositories(client));
        System.out.println();
        System.out.println("$ kubectl get kustomizations -A");
        System.out.print(ClusterViews.kustomizations(client));
        System.out.println();
        System.out.println("$ kubectl get helmreleases -A");
        System.out.print(ClusterViews.helmReleases(client));
        System.out.println();
    }

    private synchronized void stopAll() {
        while (!running.isEmpty()) {
            try {
                running.pop().close();
            } catch (Exception e) {
                System.err.println("stopping: " + e.getMessage());
            }
        }
    }
}
