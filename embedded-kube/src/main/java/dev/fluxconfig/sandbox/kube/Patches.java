package dev.fluxconfig.sandbox.kube;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;

/**
 * The three ways a client changes an object in place: a JSON merge patch (RFC 7386; strategic merge patches are treated
 * the same, lists are replaced), a JSON patch (RFC 6902, through fabric8's zjsonpatch) and a server-side apply, here a
 * merge that also removes the fields the same field manager applied before and applies no more.
 */
final class Patches {

    /** Fields no manager owns: identity and bookkeeping. */
    private static final Set<String> UNOWNED_METADATA = Set.of("name", "namespace", "uid", "resourceVersion", "generation",
            "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink");

    private Patches() {
    }

    /** RFC 7386: objects merge, null removes, anything else replaces. Changes {@code target} and returns it. */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target : ((ObjectNode) patch).objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                result.set(e.getKey(), mergePatch(result.get(e.getKey()), e.getValue()));
            }
        }
        return result;
    }

    static JsonNode jsonPatch(JsonNode target, JsonNode patch) {
        try {
            return JsonPatch.apply(patch, target);
        } catch (JsonPatchException | IllegalArgumentException e) {
            throw ApiException.invalid("the JSON patch cannot be applied: " + e.getMessage());
        }
    }

    /**
     * A server-side apply of {@code applied} by a manager that applied {@code before} last time (paths from
     * {@link #appliedPaths}): fields it applied before and no longer applies are removed unless {@code ownedByOthers}
     * has them; then the applied fields are merged in (objects merge, lists and scalars replace). Changes {@code target}.
     */
    static ObjectNode apply(ObjectNode target, JsonNode applied, Set<List<String>> before, Set<List<String>> now,
            Set<List<String>> ownedByOthers) {
        for (List<String> path : before) {
            if (!now.contains(path) && !ownedByOthers.contains(path)) {
                remove(target, path);
            }
        }
        mergePatch(target, withoutNulls(applied));
        return target;
    }

    /** The leaves an applied configuration sets: scalars, lists (atomic) and empty objects, as paths of field names. */
    static Set<List<String>> appliedPaths(JsonNode applied) {
        Set<List<String>> out = new java.util.HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = applied.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("apiVersion") || e.getKey().equals("kind")) {
                continue;
            }
            if (e.getKey().equals("metadata")) {
                for (Iterator<Map.Entry<String, JsonNode>> m = e.getValue().fields(); m.hasNext();) {
                    Map.Entry<String, JsonNode> me = m.next();
                    if (!UNOWNED_METADATA.contains(me.getKey())) {
                        collect(List.of("metadata", me.getKey()), me.getValue(), out);
                    }
                }
            } else {
                collect(List.of(e.getKey()), e.getValue(), out);
            }
        }
        return out;
    }

    private static void collect(List<String> path, JsonNode node, Set<List<String>> out) {
        if (node.isNull()) {
            return;
        }
        if (!node.isObject() || node.isEmpty()) {
            out.add(path);
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            List<String> child = new ArrayList<>(path);
            child.add(e.getKey());
            collect(List.copyOf(child), e.getValue(), out);
        }
    }

    /** Removes a leaf and the objects it leaves empty (below the top level). */
    private static void remove(ObjectNode root, List<String> path) {
        List<ObjectNode> parents = new ArrayList<>();
        JsonNode node = root;
        for (int i = 0; i < path.size() - 1; i++) {
            parents.add((ObjectNode) node);
            node = node.get(path.get(i));
            if (node == null || !node.isObject()) {
                return;
            }
        }
        ((ObjectNode) node).remove(path.get(path.size() - 1));
        for (int i = path.size() - 2; i >= 1; i--) {
            ObjectNode child = (ObjectNode) parents.get(i).get(path.get(i));
            if (child != null && child.isEmpty()) {
                parents.get(i).remove(path.get(i));
            }
        }
    }

    private static JsonNode withoutNulls(JsonNode node) {
        if (!node.isObject()) {
            return node;
        }
        ObjectNode copy = ((ObjectNode) node).objectNode();
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isNull()) {
                copy.set(e.getKey(), withoutNulls(e.getValue()));
            }
        });
        return copy;
    }
}
