package dev.fluxconfig.controller;

import static dev.fluxconfig.model.FluxConfigConstants.*;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.MeterRegistry;

import dev.fluxconfig.model.v1alpha1.FluxConfig;

/**
 * Writes generated objects with server-side apply, and only when the object in the cache does not already carry every
 * field we want: a resync of a converged configuration writes nothing. Deletes go through here too, so every write is
 * counted ({@code fluxconfig_controller_writes_total}).
 * <p>
 * It never writes over an object that is not ours: an object is the configuration's when it carries the ownership
 * mark its desired object carries (the labels {@code app.kubernetes.io/managed-by}, {@code clusterconfig.azure.com/name}
 * and {@code /namespace}, and the controller owner reference to the FluxConfig's uid); anything else under a generated
 * name is an {@link OwnershipConflict}.
 */
@ApplicationScoped
public class ChildApplier {

    private final KubernetesClient client;
    private final ControllerConfig config;
    private final MeterRegistry registry;
    private final ObjectMapper json = new ObjectMapper();

    public ChildApplier(KubernetesClient client, ControllerConfig config, MeterRegistry registry) {
        this.client = client;
        this.config = config;
        this.registry = registry;
    }

    /** Whether every field of the desired object (its metadata labels, annotations, owners, and all else) is in the actual one. */
    public boolean upToDate(HasMetadata desired, HasMetadata actual) {
        if (actual == null || actual.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        ObjectNode want = json.valueToTree(desired);
        ObjectNode have = json.valueToTree(actual);
        ObjectNode wantMeta = (ObjectNode) want.remove("metadata");
        ObjectNode haveMeta = (ObjectNode) have.remove("metadata");
        want.remove("status");
        for (String field : new String[]{"labels", "annotations"}) {
            if (wantMeta.has(field) && !contains(haveMeta.get(field), wantMeta.get(field))) {
                return false;
            }
        }
        // owner references are a set: a shared object (flux-applier) carries one per configuration
        if (wantMeta.has("ownerReferences")) {
            JsonNode haveOwners = haveMeta.get("ownerReferences");
            for (JsonNode owner : wantMeta.get("ownerReferences")) {
                boolean found = false;
                for (int i = 0; haveOwners != null && i < haveOwners.size() && !found; i++) {
                    found = contains(haveOwners.get(i), owner);
                }
                if (!found) {
                    return false;
                }
            }
        }
        return contains(have, want);
    }

    /** Subset test: objects recursively, arrays and values exactly. */
    static boolean contains(JsonNode have, JsonNode want) {
        if (want == null || want.isNull()) {
            return true;
        }
        if (have == null || have.isNull()) {
            return false;
        }
        if (want.isObject()) {
            if (!have.isObject()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!contains(have.get(e.getKey()), e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (want.isArray()) {
            if (!have.isArray() || have.size() != want.size()) {
                return false;
            }
            for (int i = 0; i < want.size(); i++) {
                if (!contains(have.get(i), want.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (want.isNumber() && have.isNumber()) {
            return want.decimalValue().compareTo(have.decimalValue()) == 0;
        }
        return want.equals(have);
    }

    /** Applies the object if it is not up to date; returns the object as stored, or the actual one when nothing was written. */
    public <R extends HasMetadata> R apply(R desired, R actual) {
        return apply(desired, actual, config.fieldManager());
    }

    /**
     * Applies the object if it is not up to date; throws {@link OwnershipConflict} (and writes nothing) when an object of
     * that name exists without the desired object's ownership mark.
     */
    public <R extends HasMetadata> R apply(R desired, R actual, String fieldManager) {
        if (actual != null) {
            String notOurs = notOurs(desired, actual);
            if (notOurs != null) {
                throw new OwnershipConflict(desired, notOurs);
            }
        }
        if (upToDate(desired, actual)) {
            return actual;
        }
        count(desired, "apply");
        if (actual == null) {
            return create(desired, fieldManager);
        }
        return client.resource(desired).fieldManager(fieldManager).forceConflicts().serverSideApply();
    }

    /** A resource version no stored object has: an apply carrying it is a precondition that the object does not exist. */
    static final String ABSENT = String.valueOf(Long.MAX_VALUE);

    /**
     * Creates an object the cache does not hold. The caches see only objects labelled as ours, so absence there is not
     * absence in the cluster; rather than read first (a GET per new object), the apply carries a resource version no
     * object has: the API server creates the object when the name is free and answers 409 when anything is in the way.
     * Only then is the object read (a list by name: the controller has no {@code get} on what it generates), to tell
     * ours (a cache that lags behind) from someone else's.
     */
    private <R extends HasMetadata> R create(R desired, String fieldManager) {
        desired.getMetadata().setResourceVersion(ABSENT);
        try {
            return client.resource(desired).fieldManager(fieldManager).forceConflicts().serverSideApply();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        } finally {
            desired.getMetadata().setResourceVersion(null);
        }
        R existing = byName(desired);
        if (existing == null) {
            // gone again in between: the retry creates it
            throw new KubernetesClientException("conflict creating " + OwnershipConflict.describe(desired), 409, null);
        }
        String notOurs = notOurs(desired, existing);
        if (notOurs != null) {
            throw new OwnershipConflict(desired, notOurs);
        }
        count(desired, "apply");
        return client.resource(desired).fieldManager(fieldManager).forceConflicts().serverSideApply();
    }

    @SuppressWarnings("unchecked")
    private <R extends HasMetadata> R byName(R desired) {
        var kind = client.resources((Class<R>) desired.getClass());
        var scoped = desired.getMetadata().getNamespace() == null
                ? kind
                : kind.inNamespace(desired.getMetadata().getNamespace());
        String name = desired.getMetadata().getName();
        return scoped.withField("metadata.name", name).list().getItems().stream()
                .filter(o -> name.equals(o.getMetadata().getName())).findFirst().orElse(null);
    }

    /** Ownership labels: an existing object must agree with the desired one on each of them that it sets. */
    private static final List<String> MARK_LABELS = List.of(LABEL_MANAGED_BY, LABEL_NAME, LABEL_NAMESPACE);

    /** Why the actual object does not carry the desired object's ownership mark, or null when it does. */
    static String notOurs(HasMetadata desired, HasMetadata actual) {
        Map<String, String> want = desired.getMetadata().getLabels() == null ? Map.of() : desired.getMetadata().getLabels();
        Map<String, String> have = actual.getMetadata().getLabels() == null ? Map.of() : actual.getMetadata().getLabels();
        for (String label : MARK_LABELS) {
            if (want.containsKey(label) && !Objects.equals(want.get(label), have.get(label))) {
                return have.get(label) == null
                        ? "it has no label " + label
                        : "its label " + label + " is '" + have.get(label) + "', not '" + want.get(label) + "'";
            }
        }
        if (desired.getMetadata().getOwnerReferences() != null) {
            for (OwnerReference owner : desired.getMetadata().getOwnerReferences()) {
                if (Boolean.TRUE.equals(owner.getController()) && !controlledBy(actual, owner.getUid())) {
                    return "it is not controlled by " + owner.getKind() + " " + owner.getName() + " (uid " + owner.getUid()
                            + ")";
                }
            }
        }
        return null;
    }

    /**
     * Whether a generated object found by its labels is this configuration's to delete: namespaced objects also need the
     * controller owner reference to the FluxConfig's uid (labels alone anyone can write); cluster-scoped ones have no owner
     * references and go by their labels.
     */
    public static boolean owns(FluxConfig config, HasMetadata actual) {
        Map<String, String> have = actual.getMetadata().getLabels() == null ? Map.of() : actual.getMetadata().getLabels();
        if (!MANAGED_BY_CONTROLLER.equals(have.get(LABEL_MANAGED_BY))
                || !config.getMetadata().getName().equals(have.get(LABEL_NAME))
                || !config.getMetadata().getNamespace().equals(have.get(LABEL_NAMESPACE))) {
            return false;
        }
        return actual.getMetadata().getNamespace() == null || controlledBy(actual, config.getMetadata().getUid());
    }

    private static boolean controlledBy(HasMetadata actual, String uid) {
        return actual.getMetadata().getOwnerReferences() != null && actual.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> Boolean.TRUE.equals(o.getController()) && Objects.equals(uid, o.getUid()));
    }

    /** Deletes an object; returns false when it was already gone. */
    public boolean delete(HasMetadata object) {
        if (object.getMetadata().getDeletionTimestamp() != null) {
            return true;
        }
        count(object, "delete");
        try {
            return !client.resource(object).delete().isEmpty();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** Counts a write the controller makes outside of apply/delete (status patches). */
    public void countStatusWrite() {
        registry.counter("fluxconfig.controller.writes", "kind", "FluxConfig", "operation", "status").increment();
    }

    private void count(HasMetadata object, String operation) {
        registry.counter("fluxconfig.controller.writes", "kind", object.getKind(), "operation", operation).increment();
    }
}
