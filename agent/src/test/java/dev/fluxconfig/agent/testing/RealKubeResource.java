package dev.fluxconfig.agent.testing;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

import io.fabric8.kubernetes.client.Config;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.fluxconfig.testing.RealKubeServer;

/**
 * Points the agent's Kubernetes client at the real API server of the test JVM (with the project's CRDs installed), where
 * a {@link FinalizerStandIn} finishes deletions as the controller would.
 */
public class RealKubeResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        RealKubeServer server = RealKubeServer.get();
        FinalizerStandIn.start(server.client());
        try {
            Config config = Config.fromKubeconfig(null, Files.readString(server.kubeconfig()),
                    server.kubeconfig().toString());
            Map<String, String> props = new HashMap<>();
            props.put("quarkus.kubernetes-client.api-server-url", config.getMasterUrl());
            // fabric8 keeps a kubeconfig user's token as the "auto" OAuth token
            props.put("quarkus.kubernetes-client.token",
                    config.getOauthToken() != null ? config.getOauthToken() : config.getAutoOAuthToken());
            props.put("quarkus.kubernetes-client.devservices.enabled", "false");
            if (config.getCaCertFile() != null) {
                props.put("quarkus.kubernetes-client.ca-cert-file", config.getCaCertFile());
            } else {
                props.put("quarkus.kubernetes-client.ca-cert-data", config.getCaCertData());
            }
            return props;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the test kubeconfig", e);
        }
    }

    @Override
    public void stop() {
        // the server lives as long as the test JVM
    }
}
