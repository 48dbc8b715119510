package dev.fluxconfig.agent.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.fluxconfig.sandbox.emulator.SelfSignedTls;

/**
 * Starts a {@link FakeAzure} and configures the agent against it, in the auth mode named by the init arg {@code mode}
 * (default client-secret), with short intervals (init arg {@code poll-interval}, default 300ms); injects it into test fields annotated {@link InjectFakeAzure}.
 */
public class FakeAzureResource implements QuarkusTestResourceLifecycleManager {

    public static final String CLIENT_SECRET = "client-secret-value-9f3b1c";
    public static final String FEDERATED_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6Zmx1eCJ9.c2lnbmF0dXJlLXdp";

    private FakeAzure azure;
    private String mode = "client-secret";
    private String pollInterval = "300ms";

    @Override
    public void init(Map<String, String> initArgs) {
        mode = initArgs.getOrDefault("mode", mode);
        pollInterval = initArgs.getOrDefault("poll-interval", pollInterval);
    }

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("fake-azure");
            azure = new FakeAzure(dir);
            Map<String, String> p = new HashMap<>();
            p.put("fluxconfig.agent.data-plane.endpoint", azure.dataPlaneEndpoint());
            p.put("fluxconfig.agent.data-plane.timeout", "1500ms");
            p.put("fluxconfig.agent.cluster.subscription-id", FakeAzure.SUBSCRIPTION);
            p.put("fluxconfig.agent.cluster.resource-group", FakeAzure.RESOURCE_GROUP);
            p.put("fluxconfig.agent.cluster.name", FakeAzure.CLUSTER);
            p.put("fluxconfig.agent.cluster.region", "westeurope");
            p.put("fluxconfig.agent.auth.mode", mode);
            p.put("fluxconfig.agent.auth.scope", FakeAzure.SCOPE);
            p.put("fluxconfig.agent.auth.authority", azure.authority());
            p.put("fluxconfig.agent.auth.tenant-id", FakeAzure.TENANT);
            p.put("fluxconfig.agent.auth.ca-file", azure.caPem().toString());
            p.put("fluxconfig.agent.poll.interval", pollInterval);
            p.put("fluxconfig.agent.poll.max-backoff", "1s");
            p.put("fluxconfig.agent.status.debounce", "200ms");
            p.put("fluxconfig.agent.heartbeat.interval", "1s");
            p.put("fluxconfig.agent.heartbeat.controller-version", "0.1.0-test");
            p.put("fluxconfig.agent.heartbeat.flux-version", "v2.7.5");
            switch (mode) {
                case "client-secret" -> {
                    p.put("fluxconfig.agent.auth.client-id", FakeAzure.CLIENT_ID);
                    p.put("fluxconfig.agent.auth.client-secret", CLIENT_SECRET);
                    azure.acceptClientSecret(CLIENT_SECRET);
                }
                case "client-certificate" -> {
                    Path pem = SelfSignedTls.clientKeyAndCertificatePem(dir);
                    p.put("fluxconfig.agent.auth.client-id", FakeAzure.CLIENT_ID);
                    p.put("fluxconfig.agent.auth.certificate-path", pem.toString());
                    azure.acceptSignedAssertion();
                }
                case "workload-identity" -> {
                    Path file = Files.writeString(dir.resolve("azure-identity-token"), FEDERATED_TOKEN + "\n");
                    p.put("fluxconfig.agent.auth.client-id", FakeAzure.CLIENT_ID);
                    p.put("fluxconfig.agent.auth.federated-token-file", file.toString());
                    azure.acceptClientAssertion(FEDERATED_TOKEN);
                }
                case "managed-identity" -> {
                    p.put("fluxconfig.agent.auth.imds-endpoint", azure.imdsEndpoint());
                    azure.acceptManagedIdentity("https://dp.fluxconfig.test");
                }
                default -> throw new IllegalArgumentException("unknown mode " + mode);
            }
            return p;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the fake Azure", e);
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(azure, new TestInjector.AnnotatedAndMatchesType(InjectFakeAzure.class, FakeAzure.class));
    }

    @Override
    public void stop() {
        if (azure != null) {
            azure.stop();
        }
    }
}
