package dev.fluxconfig.agent.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.fluxconfig.model.dataplane.DataPlanePaths;
import dev.fluxconfig.sandbox.emulator.DataPlaneEmulator;
import dev.fluxconfig.sandbox.emulator.SelfSignedTls;

/**
 * Starts a {@link DataPlaneEmulator} and configures the agent against it, in the auth mode named by the init arg
 * {@code mode} (default client-secret; the emulator accepts only that mode's credential), with short intervals (init
 * arg {@code poll-interval}, default 300ms); injects it into test fields annotated {@link InjectEmulator}.
 */
public class EmulatorResource implements QuarkusTestResourceLifecycleManager {

    public static final String SUBSCRIPTION = "00000000-0000-0000-0000-0000000000aa";
    public static final String RESOURCE_GROUP = "rg-agent-test";
    public static final String CLUSTER = "cluster-1";
    public static final String TENANT = "tenant-1";
    public static final String CLIENT_ID = "client-id-1";
    public static final String SCOPE = "https://dp.fluxconfig.test/.default";
    public static final String CLUSTER_PATH = DataPlanePaths.clusterPath(SUBSCRIPTION, RESOURCE_GROUP,
            "Microsoft.Kubernetes", "connectedClusters", CLUSTER);
    public static final String CLIENT_SECRET = "client-secret-value-9f3b1c";
    public static final String FEDERATED_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6Zmx1eCJ9.c2lnbmF0dXJlLXdp";

    private DataPlaneEmulator emulator;
    private String mode = "client-secret";
    private String pollInterval = "300ms";

    @Override
    public void init(Map<String, String> initArgs) {
        mode = initArgs.getOrDefault("mode", mode);
        pollInterval = initArgs.getOrDefault("poll-interval", pollInterval);
    }

    /** An emulator for one test: answers slower than the agent's timeout take 5 s. */
    public static DataPlaneEmulator start(Path dir) {
        return new DataPlaneEmulator(DataPlaneEmulator.Options.defaults().withStateDir(dir)
                .withTimeoutAfter(Duration.ofSeconds(5))).start();
    }

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("dp-emulator");
            emulator = start(dir);
            emulator.configurations(CLUSTER_PATH, java.util.List.of());
            Map<String, String> p = new HashMap<>();
            p.put("fluxconfig.agent.data-plane.endpoint", emulator.dataPlaneUrl());
            p.put("fluxconfig.agent.data-plane.timeout", "1500ms");
            p.put("fluxconfig.agent.cluster.subscription-id", SUBSCRIPTION);
            p.put("fluxconfig.agent.cluster.resource-group", RESOURCE_GROUP);
            p.put("fluxconfig.agent.cluster.name", CLUSTER);
            p.put("fluxconfig.agent.cluster.region", "westeurope");
            p.put("fluxconfig.agent.auth.mode", mode);
            p.put("fluxconfig.agent.auth.scope", SCOPE);
            p.put("fluxconfig.agent.auth.authority", emulator.authorityUrl());
            p.put("fluxconfig.agent.auth.tenant-id", TENANT);
            p.put("fluxconfig.agent.auth.ca-file", emulator.caCertificate().toString());
            p.put("fluxconfig.agent.poll.interval", pollInterval);
            p.put("fluxconfig.agent.poll.max-backoff", "1s");
            p.put("fluxconfig.agent.status.debounce", "200ms");
            p.put("fluxconfig.agent.heartbeat.interval", "1s");
            p.put("fluxconfig.agent.heartbeat.controller-version", "0.1.0-test");
            p.put("fluxconfig.agent.heartbeat.flux-version", "v2.7.5");
            switch (mode) {
                case "client-secret" -> {
                    p.put("fluxconfig.agent.auth.client-id", CLIENT_ID);
                    p.put("fluxconfig.agent.auth.client-secret", CLIENT_SECRET);
                    emulator.acceptClientSecret(CLIENT_SECRET);
                }
                case "client-certificate" -> {
                    Path pem = SelfSignedTls.clientKeyAndCertificatePem(dir);
                    p.put("fluxconfig.agent.auth.client-id", CLIENT_ID);
                    p.put("fluxconfig.agent.auth.certificate-path", pem.toString());
                    emulator.acceptSignedAssertion();
                }
                case "workload-identity" -> {
                    Path file = Files.writeString(dir.resolve("azure-identity-token"), FEDERATED_TOKEN + "\n");
                    p.put("fluxconfig.agent.auth.client-id", CLIENT_ID);
                    p.put("fluxconfig.agent.auth.federated-token-file", file.toString());
                    emulator.acceptClientAssertion(FEDERATED_TOKEN);
                }
                case "managed-identity" -> {
                    p.put("fluxconfig.agent.auth.imds-endpoint", emulator.imdsUrl());
                    emulator.acceptManagedIdentity("https://dp.fluxconfig.test");
                }
                default -> throw new IllegalArgumentException("unknown mode " + mode);
            }
            return p;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the data-plane emulator", e);
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(emulator,
                new TestInjector.AnnotatedAndMatchesType(InjectEmulator.class, DataPlaneEmulator.class));
    }

    @Override
    public void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }
}
