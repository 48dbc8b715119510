package dev.fluxconfig.controller;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.fluxconfig.testing.RealKubeServer;

/** Points the app under test at the real API server (started once per JVM), with the project's CRDs installed. */
public class RealKubeTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        RealKubeServer server = RealKubeServer.get();
        try {
            // the kubeconfig start.sh writes: one cluster (server, certificate-authority file) and one token user
            String yaml = Files.readString(server.kubeconfig());
            Map<String, String> props = new java.util.HashMap<>();
            props.put("quarkus.kubernetes-client.api-server-url", field(yaml, "server"));
            props.put("quarkus.kubernetes-client.token", field(yaml, "token"));
            props.put("quarkus.kubernetes-client.ca-cert-file", field(yaml, "certificate-authority"));
            props.put("quarkus.kubernetes-client.namespace", "default");
            return props;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + server.kubeconfig(), e);
        }
    }

    private static String field(String yaml, String key) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\s*" + key + ":\\s*(\\S+)\\s*$").matcher(yaml);
        if (!m.find()) {
            throw new IllegalStateException("the test kubeconfig has no " + key);
        }
        return m.group(1);
    }

    @Override
    public void stop() {
        // the server lives as long as the JVM (RealKubeServer stops it at exit)
    }
}
