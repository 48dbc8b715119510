package dev.fluxconfig.it.node;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.Release;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.fluxconfig.model.FluxConfigConstants;
import dev.fluxconfig.model.crd.ProjectCrds;
import dev.fluxconfig.sandbox.cli.SandboxState;
import dev.fluxconfig.sandbox.emulator.DataPlaneEmulator;
import dev.fluxconfig.sandbox.fluxstandin.FluxStandIn;
import dev.fluxconfig.testing.RealKubeServer;
import dev.fluxconfig.testkit.AppProcess;

/**
 * The extension chart installed with real Helm on a {@link LocalNode}, as users install it: the chart's own RBAC,
 * ServiceAccounts, probes, security contexts and resources. Only documented values differ from a cluster install: the
 * images, the data plane (the emulator) and its CA, loopback networking, and the agent's credentials (a Secret, as for
 * client-secret mode anywhere). Flux's controllers stay off (their images cannot be had here); Flux's CRDs are
 * installed as a Flux install would bring them ({@link #installFluxCrds}, before the stand-in starts).
 */
public final class ChartOnNode {

    public static final String NAMESPACE = "flux-system";
    public static final String RELEASE = "flux";
    public static final String AGENT = "fluxconfig-agent";
    public static final String CONTROLLER = "fluxconfig-controller";
    public static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
    public static final String RESOURCE_GROUP = "flux-demo-rg";
    public static final String CLUSTER = "flux-demo-arc";
    /** The user the Flux stand-in acts as. */
    public static final String STAND_IN_USER = "flux-stand-in";

    private final LocalNode node;
    private final DataPlaneEmulator emulator;
    private final String clientSecret = "node-" + UUID.randomUUID().toString().replace("-", "");

    private ChartOnNode(LocalNode node, DataPlaneEmulator emulator) {
        this.node = node;
        this.emulator = emulator;
    }

    /**
     * Builds the images, installs Flux's CRDs, the agent's credentials Secret and the chart ({@code sets}: more values,
     * as {@code --set key=value} on top of the values file), and waits until both Deployments have their pods Ready.
     * With {@code fluxconfig-controller.nativeImage=true} among them, the controller's native image is built too.
     */
    public static ChartOnNode install(LocalNode node, DataPlaneEmulator emulator, Map<String, String> sets)
            throws IOException {
        ChartOnNode chart = new ChartOnNode(node, emulator);
        String registry = node.buildImages("node", "true".equals(sets.get("fluxconfig-controller.nativeImage")));
        KubernetesClient admin = node.client();
        installFluxCrds(node);
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
                .create();
        admin.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata()
                .withName("fluxconfig-agent-credentials").endMetadata()
                .addToStringData("FLUXCONFIG_AGENT_AUTH_CLIENT_SECRET", chart.clientSecret).build()).create();
        Path values = Files.createTempFile("node-values", ".yaml");
        try {
            Files.writeString(values, chart.values(registry));
            InstallCommand install = new Helm(RealKubeServer.repoRoot().resolve("helm/fluxconfig")).install()
                    .withName(RELEASE).withNamespace(NAMESPACE).withKubeConfig(node.kubeconfig()).withValuesFile(values)
                    .waitReady().withTimeout(300);
            sets.forEach(install::set);
            Release release = install.call();
            if (!"deployed".equals(release.getStatus())) {
                throw new IllegalStateException("helm install ended " + release.getStatus());
            }
        } finally {
            Files.deleteIfExists(values);
        }
        return chart;
    }

    /**
     * Flux's CRDs, as a Flux install would bring them (the chart brings the FluxConfig CRD itself). Before the Flux
     * stand-in starts: its informers need them. Returns the client for the stand-in: the admin impersonating
     * {@value #STAND_IN_USER} (in system:masters, as Flux's controllers hold cluster-admin), so that the audit log tells
     * its writes (Flux's status and finalizers) from the apps'.
     */
    public static KubernetesClient installFluxCrds(LocalNode node) {
        KubernetesClient admin = node.client();
        // the real Flux manifests, CEL rules dropped where this 1.20 server refuses them in an apply (ProjectCrds)
        ProjectCrds.install(admin, crd -> !crd.getMetadata().getName().equals(FluxConfigConstants.CRD_NAME));
        return node.clientAs(STAND_IN_USER, "system:masters", "system:authenticated");
    }

    /** The agent's client secret (to check that no log carries it). */
    public String clientSecret() {
        return clientSecret;
    }

    /** The emulator's admin API for this cluster: what {@code flux create} and the portal use. */
    public SandboxState.Admin cloud() {
        return new SandboxState(emulator.dataPlaneUrl() + "/admin", clusterPath(), node.kubeconfig().toString()).admin();
    }

    public static String clusterPath() {
        return DataPlaneEmulator.clusterPath(SUBSCRIPTION, RESOURCE_GROUP, "Microsoft.Kubernetes", "connectedClusters",
                CLUSTER);
    }

    /** The one Ready, not terminating pod of a component, or null. */
    public Pod readyPod(String app) {
        List<Pod> ready = node.client().pods().inNamespace(NAMESPACE).withLabel("app.kubernetes.io/name", app).list()
                .getItems().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null && p.getStatus()
                        .getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
                .toList();
        return ready.size() == 1 ? ready.get(0) : null;
    }

    /** Working set, RSS, limit and OOM kills of each component's container, now. */
    public Map<String, LocalNode.Memory> memory() {
        Map<String, LocalNode.Memory> out = new java.util.LinkedHashMap<>();
        for (String app : List.of(AGENT, CONTROLLER)) {
            Pod pod = readyPod(app);
            if (pod != null) {
                out.put(app, node.memory(pod, pod.getSpec().getContainers().get(0).getName()));
            }
        }
        return out;
    }

    private String values(String registry) throws IOException {
        String ca = Files.readString(emulator.caCertificate());
        return """
                image:
                  registry: %s
                  tag: node
                source-controller: {enabled: false}
                kustomize-controller: {enabled: false}
                helm-controller: {enabled: false}
                notification-controller: {enabled: false}
                hostNetwork: true
                kubernetesService:
                  host: 127.0.0.1
                  port: "%d"
                cluster:
                  subscriptionId: %s
                  resourceGroup: %s
                  resourceProvider: Microsoft.Kubernetes
                  type: connectedClusters
                  name: %s
                  region: eastus
                dataPlane:
                  endpoint: %s
                  caBundle: |
                %s
                fluxconfig-agent:
                  httpPort: %d
                  auth:
                    mode: client-secret
                    clientId: node-agent
                    tenantId: node-tenant
                    secretName: fluxconfig-agent-credentials
                  extraEnv:
                    - {name: FLUXCONFIG_AGENT_AUTH_AUTHORITY, value: "%s"}
                    - {name: FLUXCONFIG_AGENT_POLL_INTERVAL, value: 3s}
                    - {name: FLUXCONFIG_AGENT_STATUS_DEBOUNCE, value: 1s}
                fluxconfig-controller:
                  httpPort: %d
                  replicas: 1
                """.formatted(registry, node.apiPort(), SUBSCRIPTION, RESOURCE_GROUP, CLUSTER, emulator.dataPlaneUrl(),
                ca.lines().map(l -> "    " + l).reduce((a, b) -> a + "\n" + b).orElse(""), AppProcess.freePort(),
                emulator.authorityUrl(), AppProcess.freePort());
    }

    /** Awaitility-friendly: true when both Deployments have one available replica. */
    public boolean bothAvailable() {
        for (String app : List.of(AGENT, CONTROLLER)) {
            var d = node.client().apps().deployments().inNamespace(NAMESPACE).withName(app).get();
            if (d == null || d.getStatus() == null || !Integer.valueOf(1).equals(d.getStatus().getAvailableReplicas())) {
                return false;
            }
        }
        return true;
    }

    /**
     * What a node test runs on, as a JUnit extension of the test class: before its tests the node, the data-plane
     * emulator, the Flux stand-in beside the node (as the admin impersonating {@value #STAND_IN_USER}) and the chart
     * ({@code sets} as for {@link #install}), both Deployments available; after them it prints the pods, then stops the
     * stand-in, the emulator and the node (what started before a failure too).
     */
    public static final class Stack implements BeforeAllCallback, AfterAllCallback {

        private final String tag;
        private final Map<String, String> sets;
        private LocalNode node;
        private DataPlaneEmulator emulator;
        private FluxStandIn standIn;
        private ChartOnNode chart;
        private SandboxState.Admin cloud;

        /** {@code tag} begins the lines it prints ({@code [node-it]}). */
        public Stack(String tag, Map<String, String> sets) {
            this.tag = tag;
            this.sets = Map.copyOf(sets);
        }

        @Override
        public void beforeAll(ExtensionContext context) throws IOException {
            long t0 = System.nanoTime();
            node = LocalNode.start();
            long t1 = System.nanoTime();
            emulator = new DataPlaneEmulator(DataPlaneEmulator.Options.defaults()).start();
            standIn = FluxStandIn.builder(installFluxCrds(node)).allNamespaces().reconcileDelay(Duration.ofMillis(500))
                    .start();
            chart = install(node, emulator, sets);
            cloud = chart.cloud();
            await().atMost(Duration.ofMinutes(4)).until(chart::bothAvailable);
            System.err.printf("%s node up %.1f s; images built, chart installed and pods ready %.1f s%n", tag,
                    (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
        }

        public LocalNode node() {
            return node;
        }

        /** The node's admin client. */
        public KubernetesClient admin() {
            return node.client();
        }

        public ChartOnNode chart() {
            return chart;
        }

        /** The cloud side of the emulator, as the sandbox's admin sees it. */
        public SandboxState.Admin cloud() {
            return cloud;
        }

        @Override
        public void afterAll(ExtensionContext context) {
            if (node != null) {
                System.err.println(tag + " kubectl get pods -A\n" + node.kubectl("get", "pods", "-A", "-o", "wide"));
            }
            if (standIn != null) {
                standIn.close();
            }
            if (emulator != null) {
                emulator.close();
            }
            if (node != null) {
                node.close();
            }
        }
    }
}
