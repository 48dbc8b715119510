package dev.fluxconfig.sandbox.fluxstandin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import dev.fluxconfig.model.flux.kustomize.ResourceRef;

/** Every read and write the stand-in makes on the API server, counted and logged. */
final class Cluster {

    /** Counts of what the stand-in did, for tests and benchmarks. */
    static final class Counters {
        final AtomicLong reconciles = new AtomicLong();
        final AtomicLong statusWrites = new AtomicLong();
        final AtomicLong objectWrites = new AtomicLong();
        final AtomicLong conflicts = new AtomicLong();
    }

    final KubernetesClient client;
    final KubernetesSerialization serialization;
    final Counters counters = new Counters();
    private final StandInLog log;

    Cluster(KubernetesClient client, StandInLog log) {
        this.client = client;
        this.serialization = client.getKubernetesSerialization();
        this.log = log;
    }

    /** Whether two values serialize to the same JSON. */
    boolean sameJson(Object a, Object b) {
        return Objects.equals(toJson(a), toJson(b));
    }

    private JsonNode toJson(Object o) {
        return o == null ? null : serialization.convertValue(o, JsonNode.class);
    }

    /**
     * Writes a status through the status subresource, locked to the object's resourceVersion (a conflict surfaces as a 409
     * for the caller to re-read), and only when it differs from the current one. Returns the object as it now is.
     */
    <S, T extends CustomResource<?, S>> T writeStatus(T current, S desired, String summary) {
        if (sameJson(current.getStatus(), desired)) {
            return current;
        }
        T copy = serialization.clone(current);
        copy.setStatus(desired);
        T written = client.resource(copy).updateStatus();
        // counted when the API server stored a change: an update it answers with the same resourceVersion changed
        // nothing (the real schemas prune or normalise a field our JSON still carries; see the issue notes)
        if (!Objects.equals(written.getMetadata().getResourceVersion(), current.getMetadata().getResourceVersion())) {
            counters.statusWrites.incrementAndGet();
            log.info(describe(current) + ": " + summary);
        }
        return written;
    }

    /** The object as the API server has it now, or null. */
    <T extends HasMetadata> T fetch(T obj) {
        return client.resource(obj).get();
    }

    /** Creates an object; when it exists already (a race), returns the existing one. */
    <T extends HasMetadata> T create(T obj, String why) {
        try {
            T created = client.resource(obj).create();
            counters.objectWrites.incrementAndGet();
            log.info("created " + describe(obj) + " (" + why + ")");
            return created;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return client.resource(obj).get();
            }
            throw e;
        }
    }

    /** A JSON merge patch. */
    <T extends HasMetadata> T mergePatch(T obj, Object patch, String why) {
        T patched = client.resource(obj).patch(PatchContext.of(PatchType.JSON_MERGE), serialization.asJson(patch));
        counters.objectWrites.incrementAndGet();
        log.info("patched " + describe(obj) + " (" + why + ")");
        return patched;
    }

    /** Adds labels to an object. */
    <T extends HasMetadata> T addLabels(T obj, Map<String, String> labels, String why) {
        return mergePatch(obj, Map.of("metadata", Map.of("labels", labels)), why);
    }

    /** Sets an object's finalizers, locked to its resourceVersion so no concurrent change is lost. */
    <T extends HasMetadata> T setFinalizers(T obj, List<String> finalizers, String why) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("resourceVersion", obj.getMetadata().getResourceVersion());
        metadata.put("finalizers", finalizers);
        return mergePatch(obj, Map.of("metadata", metadata), why);
    }

    /**
     * Deletes the object of an inventory entry when it carries the given owner labels (so what another Kustomization or a
     * person owns is left alone). Returns whether it deleted something.
     */
    boolean deleteIfOwned(ResourceRef ref, Map<String, String> ownerLabels, String why) {
        String apiVersion = ref.group() == null || ref.group().isEmpty() ? ref.getV() : ref.group() + "/" + ref.getV();
        var op = client.genericKubernetesResources(apiVersion, ref.kind());
        Resource<GenericKubernetesResource> res = ref.namespace() == null || ref.namespace().isEmpty()
                ? op.withName(ref.name())
                : op.inNamespace(ref.namespace()).withName(ref.name());
        GenericKubernetesResource existing = res.get();
        if (existing == null || existing.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        Map<String, String> labels = existing.getMetadata().getLabels();
        boolean owned = labels != null && ownerLabels.entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        if (!owned) {
            log.info("left " + describe(existing) + " in place: another owner (" + why + ")");
            return false;
        }
        res.delete();
        counters.objectWrites.incrementAndGet();
        log.info("deleted " + describe(existing) + " (" + why + ")");
        return true;
    }

    /** Deletes an object. */
    void delete(HasMetadata obj, String why) {
        client.resource(obj).delete();
        counters.objectWrites.incrementAndGet();
        log.info("deleted " + describe(obj) + " (" + why + ")");
    }

    static String describe(HasMetadata obj) {
        String ns = obj.getMetadata().getNamespace();
        return obj.getKind() + " " + (ns == null || ns.isEmpty() ? "" : ns + "/") + obj.getMetadata().getName();
    }
}
