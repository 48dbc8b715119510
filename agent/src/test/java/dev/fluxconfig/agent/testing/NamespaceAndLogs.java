package dev.fluxconfig.agent.testing;

import java.util.UUID;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.fluxconfig.testing.RealKubeServer;

/**
 * For an IT class on the real API server ({@code @RegisterExtension static}): a random namespace of its own, deleted
 * after the last test, and the log captured while its tests run.
 */
public final class NamespaceAndLogs implements BeforeAllCallback, AfterAllCallback {

    private final String namespace;
    private LogCapture logs;

    public NamespaceAndLogs(String prefix) {
        this.namespace = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    public String namespace() {
        return namespace;
    }

    public LogCapture logs() {
        return logs;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        logs = LogCapture.install();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        logs.uninstall();
        RealKubeServer.get().client().namespaces().withName(namespace).delete();
    }
}
