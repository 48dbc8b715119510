package dev.fluxconfig.it.nativeimage;

import static dev.fluxconfig.model.FluxConfigConstants.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.status.ComplianceState;
import dev.fluxconfig.model.v1alpha1.status.ObjectStatusDefinition;
import dev.fluxconfig.model.v1alpha1.status.ProvisioningState;
import dev.fluxconfig.sandbox.fluxstandin.FluxStandIn;
import dev.fluxconfig.testing.RealKube;
import dev.fluxconfig.testing.RealKubeServer;
import dev.fluxconfig.testing.TestConfigs;
import dev.fluxconfig.testing.TestNamespace;
import dev.fluxconfig.testing.TutorialChildren;
import dev.fluxconfig.testkit.AppProcess;

/**
 * The native executable of fluxconfig-controller ({@code controller/target/*-runner}, built with {@code mvn -Pnative})
 * on the real API server, run with the chart's native options: the tutorial's configuration becomes its Flux objects
 * and turns Compliant with the Flux stand-in, deletion removes everything, an SSH key pair is generated (Ed25519 in the
 * native image's security providers), health is honest, logs are JSON, and two replicas hand over through the lease.
 * The same assertions as the JVM tests ({@code FluxConfigReconcilerIT}, {@code DeletionIT}, {@code SourceKindsIT},
 * {@code LeaderElectionIT}); run by the native tier ({@code integration-tests/native/test.sh}).
 */
@RealKube
class NativeControllerIT {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Generous: a shared machine under load (other builds) slows the API server more than the controller. */
    static final Duration WAIT = Duration.ofSeconds(90);
    static final Duration START = Duration.ofMinutes(2);

    private final List<AppProcess> apps = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterEach
    void stopAll() {
        apps.forEach(AppProcess::stop);
    }

    AppProcess start(String name, Map<String, String> env) throws IOException {
        Path log = Files.createDirectories(Path.of("target/native-it")).resolve(name + ".log");
        Files.deleteIfExists(log);
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("KUBECONFIG", RealKubeServer.get().kubeconfig().toString());
        Path kubeconfig = Path.of(all.get("KUBECONFIG"));
        // -Dfluxconfig.it.jvm runs the same tests on the packaged JVM app, to tell a native difference from a test's fault
        AppProcess app = Boolean.getBoolean("fluxconfig.it.jvm")
                ? AppProcess.start("controller", kubeconfig, log, all, List.of())
                : AppProcess.startNative("controller", kubeconfig, log, all, List.of());
        apps.add(app);
        return app;
    }

    /** Every line of the log is one JSON object; returns them. */
    static boolean logged(AppProcess app, String text) throws IOException {
        return app.jsonLines().stream().anyMatch(l -> l.path("message").asText().contains(text));
    }

    HttpResponse<String> get(AppProcess app, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static FluxConfig config(KubernetesClient client, String ns, String name) {
        return client.resources(FluxConfig.class).inNamespace(ns).withName(name).get();
    }

    static FluxConfig awaitConfig(KubernetesClient client, String ns, String name, Predicate<FluxConfig> condition,
            AppProcess app) {
        return await(ns + "/" + name).atMost(WAIT).pollInterval(Duration.ofMillis(250)).failFast(
                "the native controller exited; its log ends with:\n" + app.logTail(30), () -> !app.isAlive())
                .until(() -> config(client, ns, name), c -> c != null && condition.test(c));
    }

    @Test
    void tutorialBecomesFluxObjectsTurnsCompliantAndIsDeleted(KubernetesClient client, TestNamespace namespace)
            throws Exception {
        String ns = namespace.name();
        AppProcess controller = start("tutorial", Map.of()).awaitReady(START);
        FluxConfig config = TestConfigs.tutorial("cluster-config", ns);
        client.resource(config).create();

        FluxConfig pending = awaitConfig(client, ns, "cluster-config",
                c -> c.getStatus() != null && c.getStatus().getComplianceState() == ComplianceState.PENDING, controller);
        assertThat(pending.getStatus().getProvisioningState()).isEqualTo(ProvisioningState.SUCCEEDED);
        assertThat(pending.getStatus().getUrl()).isEqualTo(TestConfigs.TUTORIAL_URL);

        TutorialChildren.assertWritten(client, ns, config);

        // the Flux stand-in (test equipment) plays source-, kustomize- and helm-controller in this namespace
        try (KubernetesClient standInClient = RealKubeServer.get().newClient();
                FluxStandIn standIn = FluxStandIn.builder(standInClient).namespaces(ns).start()) {
            FluxConfig compliant = awaitConfig(client, ns, "cluster-config",
                    c -> c.getStatus() != null && c.getStatus().getComplianceState() == ComplianceState.COMPLIANT
                            && c.getStatus().getStatuses().stream().anyMatch(s -> "HelmRelease".equals(s.getKind())),
                    controller);
            assertThat(compliant.getStatus().getSourceSyncedCommitId()).startsWith("main@sha1:");
            assertThat(compliant.getStatus().getObservedGeneration()).isEqualTo(compliant.getMetadata().getGeneration());
            assertThat(compliant.getStatus().getConditions()).singleElement()
                    .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"));
            assertThat(compliant.getStatus().getStatuses()).extracting(ObjectStatusDefinition::getKind)
                    .startsWith("GitRepository", "Kustomization", "Kustomization").contains("HelmRelease");
            assertThat(compliant.getStatus().getStatuses()).filteredOn(s -> "HelmRelease".equals(s.getKind()))
                    .allSatisfy(hr -> {
                        assertThat(hr.getComplianceState()).isEqualTo(ComplianceState.COMPLIANT);
                        assertThat(hr.getAppliedBy().getName()).startsWith("cluster-config-");
                    });

            // deletion: Flux (the stand-in) holds the pruning Kustomizations until it has pruned, then lets go
            client.resources(FluxConfig.class).inNamespace(ns).withName("cluster-config").delete();
            await("deleted").atMost(WAIT).until(() -> config(client, ns, "cluster-config") == null);
        }
        assertThat(client.resources(GitRepository.class).inNamespace(ns).withLabel(LABEL_NAME, "cluster-config").list()
                .getItems()).isEmpty();
        assertThat(client.resources(Kustomization.class).inNamespace(ns).withLabel(LABEL_NAME, "cluster-config").list()
                .getItems()).isEmpty();
        assertThat(client.rbac().clusterRoleBindings().withName("flux-applier." + ns + ".cluster-config").get()).isNull();
        assertThat(client.secrets().inNamespace(ns).withName(authSecretName("cluster-config")).get()).isNull();

        // its API writes are counted (Micrometer in the native image) and its logs are JSON lines
        assertThat(AppProcess.writes(controller.metrics())).isPositive();
        List<JsonNode> lines = controller.jsonLines();
        assertThat(lines).anyMatch(l -> l.path("message").asText().contains(ns + "/cluster-config: provisioning"));
        assertThat(lines).anyMatch(l -> l.path("message").asText()
                .contains(ns + "/cluster-config: every generated object is gone; removing the finalizer"));
        assertThat(lines).allSatisfy(l -> {
            assertThat(l.path("level").asText()).isNotEmpty();
            assertThat(l.path("loggerName").asText()).isNotEmpty();
            assertThat(l.path("timestamp").asText()).isNotEmpty();
        });
        assertThat(controller.isAlive()).isTrue();
    }

    @Test
    void generatesAnEd25519KeyForAnSshUrl(KubernetesClient client, TestNamespace namespace) throws Exception {
        String ns = namespace.name();
        AppProcess controller = start("sshkey", Map.of()).awaitReady(START);
        FluxConfig config = TestConfigs.tutorial("cfg", ns);
        config.getSpec().getGitRepository().setUrl("git@github.com:Azure/gitops-flux2-kustomize-helm-mt.git");
        client.resource(config).create();

        FluxConfig withKey = awaitConfig(client, ns, "cfg",
                c -> c.getStatus() != null && c.getStatus().getRepositoryPublicKey() != null, controller);
        String publicKey = withKey.getStatus().getRepositoryPublicKey();
        assertThat(publicKey).startsWith("ssh-ed25519 AAAA");
        Secret auth = await().atMost(WAIT)
                .until(() -> client.secrets().inNamespace(ns).withName(authSecretName("cfg")).get(), s -> s != null);
        String pem = new String(Base64.getDecoder().decode(auth.getData().get("identity")), StandardCharsets.UTF_8);
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(new String(Base64.getDecoder().decode(auth.getData().get("identity.pub")), StandardCharsets.UTF_8))
                .isEqualTo(publicKey);
        // the private key is a well-formed Ed25519 PKCS#8 key
        byte[] der = Base64.getMimeDecoder()
                .decode(pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", ""));
        assertThat(KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der)).getAlgorithm())
                .isEqualTo("EdDSA");
        assertThat(logged(controller, "generating an SSH key pair for " + ns + "/cfg")).isTrue();
        client.resources(FluxConfig.class).inNamespace(ns).withName("cfg").delete();
        await("deleted").atMost(WAIT).until(() -> config(client, ns, "cfg") == null);
    }

    @Test
    void healthIsHonest(TestNamespace namespace) throws Exception {
        AppProcess controller = start("health", Map.of("POD_NAMESPACE", namespace.name())).awaitReady(START);
        HttpResponse<String> ready = get(controller, "/q/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(ready.body());
        assertThat(body.path("status").asText()).isEqualTo("UP");
        assertThat(body.path("checks")).as("readiness checks: %s", ready.body()).anySatisfy(check -> {
            assertThat(check.path("name").asText()).isEqualTo("Quarkus Operator SDK health check");
            assertThat(check.path("data").path("fluxconfig").asText()).isEqualTo("OK");
        });
        assertThat(get(controller, "/q/health/live").statusCode()).isEqualTo(200);

        // without a reachable API server it never says ready: as the JVM app, it stops and names the address
        int port = AppProcess.freePort();
        Path dir = Files.createTempDirectory("native-health");
        Path unreachable = Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: none, cluster: {server: "https://127.0.0.1:%d", insecure-skip-tls-verify: true}}]
                users: [{name: u, user: {token: not-a-token}}]
                contexts: [{name: c, context: {cluster: none, user: u}}]
                current-context: c
                """.formatted(port));
        AppProcess blind = start("health-unreachable", Map.of("KUBECONFIG", unreachable.toString(), "POD_NAMESPACE",
                namespace.name()));
        await("the controller without an API server stops").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    HttpResponse<String> r = get(blind, "/q/health/ready");
                    assertThat(r == null || r.statusCode() != 200).as("ready without an API server: %s",
                            r == null ? "" : r.body()).isTrue();
                    return !blind.isAlive();
                });
        assertThat(blind.jsonLines().stream().anyMatch(l -> l.toString().contains("Connection refused: /127.0.0.1:" + port)))
                .as("the log names the API server it cannot reach; it ends with:\n%s", blind.logTail(3)).isTrue();
    }

    static String holder(KubernetesClient client, String ns) {
        Lease lease = client.leases().inNamespace(ns).withName("fluxconfig-controller-leader").get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    static boolean reconciled(KubernetesClient client, String ns, String name) {
        FluxConfig c = config(client, ns, name);
        return c != null && c.getStatus() != null && c.getStatus().getProvisioningState() != null;
    }

    @Test
    void onlyTheLeaderReconcilesAndKillingItHandsOver(KubernetesClient client, TestNamespace namespace) throws Exception {
        String ns = namespace.name();
        String a = "replica-a-" + UUID.randomUUID().toString().substring(0, 4);
        String b = "replica-b-" + UUID.randomUUID().toString().substring(0, 4);
        Map<String, String> env = Map.of("FLUXCONFIG_CONTROLLER_LEADER_ELECTION_ENABLED", "true",
                "FLUXCONFIG_CONTROLLER_LEADER_ELECTION_LEASE_DURATION", "6s",
                "FLUXCONFIG_CONTROLLER_LEADER_ELECTION_RENEW_DEADLINE", "4s",
                "FLUXCONFIG_CONTROLLER_LEADER_ELECTION_RETRY_PERIOD", "1s", "POD_NAMESPACE", ns);
        Map<String, String> envA = new HashMap<>(env);
        envA.put("POD_NAME", a);
        Map<String, String> envB = new HashMap<>(env);
        envB.put("POD_NAME", b);
        AppProcess first = start("leader-a", envA);
        await().atMost(WAIT).until(() -> a.equals(holder(client, ns)));
        AppProcess second = start("leader-b", envB);
        await().atMost(WAIT).until(() -> logged(second, "started in"));

        client.resource(TestConfigs.tutorial("first", ns)).create();
        await().atMost(WAIT).until(() -> reconciled(client, ns, "first"));
        assertThat(logged(first, ns + "/first: provisioning")).isTrue();
        assertThat(logged(second, "/first: provisioning")).isFalse();
        assertThat(holder(client, ns)).isEqualTo(a);

        first.kill();
        await().atMost(WAIT).until(() -> b.equals(holder(client, ns)));
        client.resource(TestConfigs.tutorial("second", ns)).create();
        await().atMost(WAIT).until(() -> reconciled(client, ns, "second"));
        assertThat(logged(second, ns + "/second: provisioning")).isTrue();

        // the leader also deletes (the configurations' finalizers go with their objects)
        client.resources(FluxConfig.class).inNamespace(ns).delete();
        await("deleted").atMost(WAIT)
                .until(() -> client.resources(FluxConfig.class).inNamespace(ns).list().getItems().isEmpty());
    }
}
