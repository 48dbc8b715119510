package dev.fluxconfig.agent.apply;

import static dev.fluxconfig.model.FluxConfigConstants.*;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import dev.fluxconfig.model.v1alpha1.FluxConfig;

/**
 * Every write the agent makes to the Kubernetes API goes through here, with server-side apply under field manager
 * {@value #FIELD_MANAGER}; the counter lets tests prove that an unchanged desired state writes nothing.
 */
@ApplicationScoped
public class ClusterWriter {

    public static final String FIELD_MANAGER = MANAGED_BY_AGENT;
    /** Hash of the desired resource the agent last applied, to skip applies that would change nothing. */
    public static final String ANNOTATION_DESIRED_HASH = GROUP + "/agent-desired-hash";

    private final KubernetesClient client;
    private final AtomicLong writes = new AtomicLong();

    @Inject
    public ClusterWriter(KubernetesClient client) {
        this.client = client;
    }

    /** Number of write requests sent to the API server since start. */
    public long writes() {
        return writes.get();
    }

    public void ensureNamespace(String namespace) {
        if (client.namespaces().withName(namespace).get() != null) {
            return;
        }
        writes.incrementAndGet();
        try {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                    .create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    public FluxConfig apply(FluxConfig desired) {
        writes.incrementAndGet();
        return client.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    }

    /** The decoded data of a Secret, or null when it does not exist. */
    public Map<String, String> secretData(String namespace, String name) {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null) {
            return null;
        }
        Map<String, String> data = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        return data;
    }

    /** Applies the protected-settings Secret with exactly these keys, owned by its FluxConfig (deleted with it). */
    public void applySecret(FluxConfig owner, String name, Map<String, String> settings) {
        Map<String, String> data = new LinkedHashMap<>();
        settings.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        Secret secret = new SecretBuilder().withNewMetadata().withName(name)
                .withNamespace(owner.getMetadata().getNamespace()).addToLabels(LABEL_MANAGED_BY, MANAGED_BY_AGENT)
                .addToLabels(LABEL_NAME, owner.getMetadata().getName())
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(API_VERSION).withKind(KIND)
                        .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).build())
                .endMetadata().withType("Opaque").withData(data).build();
        writes.incrementAndGet();
        client.resource(secret).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    }

    public void delete(FluxConfig config) {
        writes.incrementAndGet();
        client.resources(FluxConfig.class).inNamespace(config.getMetadata().getNamespace())
                .withName(config.getMetadata().getName()).delete();
    }
}
