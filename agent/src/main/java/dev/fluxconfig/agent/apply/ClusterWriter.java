package dev.fluxconfig.agent.apply;

import static dev.fluxconfig.model.FluxConfigConstants.*;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import dev.fluxconfig.agent.metrics.AgentMetrics;
import dev.fluxconfig.model.v1alpha1.FluxConfig;

/**
 * Every write the agent makes to the Kubernetes API goes through here, with server-side apply under field manager
 * {@value #FIELD_MANAGER}; the counter lets tests prove that an unchanged desired state writes nothing.
 * <p>
 * The agent's ownership mark is the label {@code app.kubernetes.io/managed-by=fluxconfig-agent} (and, on a protected
 * Secret, {@code clusterconfig.azure.com/name=<configuration>}). An object without it is someone else's: the agent
 * neither writes nor deletes it, and creates only with a precondition that nothing exists under the name.
 */
@ApplicationScoped
public class ClusterWriter {

    public static final String FIELD_MANAGER = MANAGED_BY_AGENT;
    /** Hash of the desired resource the agent last applied, to skip applies that would change nothing. */
    public static final String ANNOTATION_DESIRED_HASH = GROUP + "/agent-desired-hash";
    /**
     * A resource version no stored object has: an apply carrying it creates the object when the name is free and is
     * refused (409) when anything exists there, so a create never lands on an object someone made meanwhile.
     */
    static final String ABSENT = String.valueOf(Long.MAX_VALUE);

    private static final Logger LOG = Logger.getLogger(ClusterWriter.class);

    private final KubernetesClient client;
    private final AgentMetrics metrics;
    private final AtomicLong writes = new AtomicLong();

    @Inject
    public ClusterWriter(KubernetesClient client, AgentMetrics metrics) {
        this.client = client;
        this.metrics = metrics;
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

    /** Whether a FluxConfig carries the agent's ownership mark. */
    public static boolean ours(FluxConfig config) {
        return config.getMetadata().getLabels() != null
                && MANAGED_BY_AGENT.equals(config.getMetadata().getLabels().get(LABEL_MANAGED_BY));
    }

    /** Whether a Secret carries the agent's ownership mark for that configuration. */
    public static boolean ours(Secret secret, String configName) {
        Map<String, String> labels = secret.getMetadata().getLabels();
        return labels != null && MANAGED_BY_AGENT.equals(labels.get(LABEL_MANAGED_BY))
                && configName.equals(labels.get(LABEL_NAME));
    }

    /** The FluxConfig as stored, whoever made it, or null; a list by name, as the agent may list but not get FluxConfigs. */
    public FluxConfig read(String namespace, String name) {
        return client.resources(FluxConfig.class).inNamespace(namespace).withField("metadata.name", name).list().getItems()
                .stream().filter(c -> name.equals(c.getMetadata().getName())).findFirst().orElse(null);
    }

    /**
     * Whether the API server would take this FluxConfig (its schema), asked with a dry run before a new configuration's
     * Secret is written: the agent may not delete Secrets, so a Secret must not be written for a FluxConfig that is then
     * refused.
     */
    public void dryRun(FluxConfig desired, boolean exists) {
        desired.getMetadata().setResourceVersion(exists ? null : ABSENT);
        try {
            client.resource(desired).dryRun().fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        } finally {
            desired.getMetadata().setResourceVersion(null);
        }
    }

    /**
     * Applies a FluxConfig; {@code exists} says whether the agent's cache holds it. A new one is created only where the
     * name is free.
     */
    public FluxConfig apply(FluxConfig desired, boolean exists) {
        writes.incrementAndGet();
        metrics.write("FluxConfig", "apply");
        return applyOrCreate(desired, exists);
    }

    private <R extends HasMetadata> R applyOrCreate(R desired, boolean exists) {
        if (exists) {
            return client.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        }
        desired.getMetadata().setResourceVersion(ABSENT);
        try {
            return client.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        } finally {
            desired.getMetadata().setResourceVersion(null);
        }
    }

    /** The Secret as stored, whoever made it, or null. */
    public Secret secret(String namespace, String name) {
        return client.secrets().inNamespace(namespace).withName(name).get();
    }

    /** The decoded data of a Secret. */
    public static Map<String, String> data(Secret secret) {
        Map<String, String> data = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        return data;
    }

    /** Whether the Secret has an owner reference to that FluxConfig (so the garbage collector removes it with it). */
    public static boolean ownedBy(Secret secret, FluxConfig owner) {
        return owner != null && secret.getMetadata().getOwnerReferences() != null && secret.getMetadata()
                .getOwnerReferences().stream().anyMatch(o -> owner.getMetadata().getUid().equals(o.getUid()));
    }

    /**
     * Applies the protected-settings Secret with exactly these keys, labelled as the agent's for that configuration, and
     * owned by its FluxConfig when there is one yet (then it is deleted with it). {@code exists} says whether a Secret of
     * ours is there already; otherwise it is created only where the name is free.
     */
    public void applySecret(String configName, String namespace, String name, Map<String, String> settings,
            FluxConfig owner, boolean exists) {
        Map<String, String> data = new LinkedHashMap<>();
        settings.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        SecretBuilder secret = new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels(LABEL_MANAGED_BY, MANAGED_BY_AGENT).addToLabels(LABEL_NAME, configName).endMetadata()
                .withType("Opaque").withData(data);
        if (owner != null) {
            secret.editMetadata().withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(API_VERSION).withKind(KIND)
                    .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).build()).endMetadata();
        }
        writes.incrementAndGet();
        metrics.write("Secret", "apply");
        applyOrCreate(secret.build(), exists);
    }

    public void delete(FluxConfig config) {
        writes.incrementAndGet();
        metrics.write("FluxConfig", "delete");
        client.resources(FluxConfig.class).inNamespace(config.getMetadata().getNamespace())
                .withName(config.getMetadata().getName()).delete();
    }

    /** A Warning Event on an object the agent did not touch; a courtesy, never a reason to fail. */
    public void warn(HasMetadata involved, String reason, String message) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        try {
            client.v1().events().inNamespace(involved.getMetadata().getNamespace()).resource(new EventBuilder()
                    .withNewMetadata()
                    .withName(involved.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
                    .withNamespace(involved.getMetadata().getNamespace()).endMetadata()
                    .withNewInvolvedObject().withApiVersion(involved.getApiVersion()).withKind(involved.getKind())
                    .withName(involved.getMetadata().getName()).withNamespace(involved.getMetadata().getNamespace())
                    .withUid(involved.getMetadata().getUid()).endInvolvedObject()
                    .withType("Warning").withReason(reason)
                    .withMessage(Ledger.abbreviate(message, 1024)).withFirstTimestamp(now).withLastTimestamp(now)
                    .withCount(1).withNewSource().withComponent(MANAGED_BY_AGENT).endSource().build()).create();
        } catch (KubernetesClientException e) {
            LOG.debugf("could not record event %s: %s", reason, e.getMessage());
        }
    }
}
