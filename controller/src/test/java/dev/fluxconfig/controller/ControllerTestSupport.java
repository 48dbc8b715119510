package dev.fluxconfig.controller;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import org.awaitility.core.ConditionTimeoutException;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

import dev.fluxconfig.model.v1alpha1.FluxConfig;

/** Helpers shared by the controller's tests on the real API server. */
public final class ControllerTestSupport {

    private ControllerTestSupport() {
    }

    /** A fresh namespace with a random suffix. */
    static String namespace(KubernetesClient client, String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        return name;
    }

    /**
     * Edits an object the way a user would, reading it again when the controller changed it in between (409): the
     * controller adds its finalizer and writes status concurrently, which is exactly what optimistic locking is for.
     */
    public static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T edit(KubernetesClient client, Class<T> kind,
            String ns,
            String name, java.util.function.UnaryOperator<T> change) {
        for (int attempt = 1;; attempt++) {
            try {
                return client.resources(kind).inNamespace(ns).withName(name).edit(change);
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    static FluxConfig get(KubernetesClient client, String ns, String name) {
        return client.resources(FluxConfig.class).inNamespace(ns).withName(name).get();
    }

    /** Waits until the FluxConfig matches; on timeout the failure shows the object and the namespace's events. */
    static FluxConfig awaitConfig(KubernetesClient client, String ns, String name, Predicate<FluxConfig> condition) {
        return awaitValue(() -> get(client, ns, name), condition, client, ns, Duration.ofSeconds(60));
    }

    static <T> T awaitValue(Callable<T> supplier, Predicate<T> condition, KubernetesClient client, String ns,
            Duration timeout) {
        try {
            return await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(supplier,
                    v -> v != null && condition.test(v));
        } catch (ConditionTimeoutException e) {
            StringBuilder dump = new StringBuilder(e.getMessage()).append("\n--- last value:\n");
            try {
                Object last = supplier.call();
                dump.append(last == null ? "null" : Serialization.asYaml(last));
            } catch (Exception ex) {
                dump.append(ex);
            }
            dump.append("\n--- events in ").append(ns).append(":\n");
            client.v1().events().inNamespace(ns).list().getItems()
                    .forEach(ev -> dump.append(ev.getReason()).append(": ").append(ev.getMessage()).append('\n'));
            throw new AssertionError(dump.toString(), e);
        }
    }
}
