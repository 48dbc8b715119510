package dev.fluxconfig.testing;

import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Gives each test class a namespace of its own (random suffix) on the real API server, deleted afterwards. */
public class RealKubeExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(RealKubeExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        String base = context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        base = base.substring(0, Math.min(base.length(), 40));
        String name = base + "-" + UUID.randomUUID().toString().substring(0, 6);
        RealKubeServer.get().client().namespaces()
                .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        context.getStore(STORE).put("ns", new TestNamespace(name));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestNamespace ns = context.getStore(STORE).get("ns", TestNamespace.class);
        if (ns != null) {
            RealKubeServer.get().client().namespaces().withName(ns.name()).delete();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> type = p.getParameter().getType();
        return type == KubernetesClient.class || type == TestNamespace.class || type == RealKubeServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        Class<?> type = p.getParameter().getType();
        if (type == KubernetesClient.class) {
            return RealKubeServer.get().client();
        }
        if (type == RealKubeServer.class) {
            return RealKubeServer.get();
        }
        return e.getStore(STORE).getOrComputeIfAbsent("ns", k -> {
            throw new IllegalStateException("no namespace: the class is not annotated @RealKube");
        }, TestNamespace.class);
    }
}
