package dev.fluxconfig.controller;

import java.util.Iterator;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Writes generated objects with server-side apply, and only when the object in the cache does not already carry every
 * field we want: a resync of a converged configuration writes nothing. Deletes go through here too, so every write is
 * counted ({@code fluxconfig_controller_writes_total}).
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

    public <R extends HasMetadata> R apply(R desired, R actual, String fieldManager) {
        if (upToDate(desired, actual)) {
            return actual;
        }
        count(desired, "apply");
        return client.resource(desired).fieldManager(fieldManager).forceConflicts().serverSideApply();
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
