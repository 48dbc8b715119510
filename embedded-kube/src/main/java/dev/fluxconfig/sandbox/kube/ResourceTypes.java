package dev.fluxconfig.sandbox.kube;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The kinds the embedded API serves: the built-in ones the agent, the controller, the Flux stand-in and the CLI use, plus
 * every kind of every CustomResourceDefinition created through the API. Also answers discovery.
 */
public final class ResourceTypes {

    static final String CRD_GROUP = "apiextensions.k8s.io";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** group/version/plural → type. */
    private final Map<String, ResourceType> types = new ConcurrentHashMap<>();
    /** CRD name → the types it registered. */
    private final Map<String, List<ResourceType>> byCrd = new ConcurrentHashMap<>();

    public ResourceTypes() {
        builtIn("", "v1", "namespaces", "Namespace", false, true, "ns");
        builtIn("", "v1", "secrets", "Secret", true, false);
        builtIn("", "v1", "configmaps", "ConfigMap", true, false, "cm");
        builtIn("", "v1", "serviceaccounts", "ServiceAccount", true, false, "sa");
        builtIn("", "v1", "events", "Event", true, false, "ev");
        builtIn("events.k8s.io", "v1", "events", "Event", true, false, "ev");
        builtIn("coordination.k8s.io", "v1", "leases", "Lease", true, false);
        builtIn("rbac.authorization.k8s.io", "v1", "roles", "Role", true, false);
        builtIn("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true, false);
        builtIn("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, false);
        builtIn("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false, false);
        builtIn(CRD_GROUP, "v1", "customresourcedefinitions", "CustomResourceDefinition", false, true, "crd", "crds");
    }

    private void builtIn(String group, String version, String plural, String kind, boolean namespaced, boolean status,
            String... shortNames) {
        add(new ResourceType(group, version, plural, kind.toLowerCase(), kind, namespaced, status, List.of(shortNames),
                List.of()));
    }

    private void add(ResourceType type) {
        types.put(key(type.group(), type.version(), type.plural()), type);
    }

    private static String key(String group, String version, String plural) {
        return group + "/" + version + "/" + plural;
    }

    public Optional<ResourceType> find(String group, String version, String plural) {
        return Optional.ofNullable(types.get(key(group, version, plural)));
    }

    public ResourceType get(String group, String version, String plural) {
        return find(group, version, plural).orElseThrow(() -> new ApiException(404, "NotFound",
                "the server could not find the requested resource (" + key(group, version, plural) + ")"));
    }

    /** All types sharing one storage (the versions of one kind). */
    List<ResourceType> sameStorage(ResourceType type) {
        return types.values().stream().filter(t -> t.storageKey().equals(type.storageKey())).toList();
    }

    /** Serves the kinds of a CustomResourceDefinition (replacing what an earlier version of it registered). */
    void register(JsonNode crd) {
        unregister(crd.path("metadata").path("name").asText());
        JsonNode spec = crd.path("spec");
        JsonNode names = spec.path("names");
        List<ResourceType> added = new ArrayList<>();
        for (JsonNode v : spec.path("versions")) {
            if (!v.path("served").asBoolean(true)) {
                continue;
            }
            ResourceType type = new ResourceType(spec.path("group").asText(), v.path("name").asText(),
                    names.path("plural").asText(), names.path("singular").asText(names.path("kind").asText().toLowerCase()),
                    names.path("kind").asText(), !"Cluster".equals(spec.path("scope").asText()),
                    v.path("subresources").has("status"), strings(names.path("shortNames")),
                    strings(names.path("categories")));
            add(type);
            added.add(type);
        }
        byCrd.put(crd.path("metadata").path("name").asText(), added);
    }

    /** Stops serving the kinds of a CustomResourceDefinition; returns them. */
    List<ResourceType> unregister(String crdName) {
        List<ResourceType> removed = byCrd.remove(crdName);
        if (removed == null) {
            return List.of();
        }
        removed.forEach(t -> types.remove(key(t.group(), t.version(), t.plural())));
        return removed;
    }

    /** The status a real API server gives an accepted CustomResourceDefinition. */
    static ObjectNode establishedStatus(JsonNode crd, String now) {
        ObjectNode status = JSON.objectNode();
        ArrayNode conditions = status.putArray("conditions");
        conditions.addObject().put("type", "NamesAccepted").put("status", "True").put("reason", "NoConflicts")
                .put("message", "no conflicts found").put("lastTransitionTime", now);
        conditions.addObject().put("type", "Established").put("status", "True").put("reason", "InitialNamesAccepted")
                .put("message", "the initial names have been accepted").put("lastTransitionTime", now);
        status.set("acceptedNames", crd.path("spec").path("names").deepCopy());
        ArrayNode stored = status.putArray("storedVersions");
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (v.path("storage").asBoolean(false)) {
                stored.add(v.path("name").asText());
            }
        }
        return status;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    // ---- discovery ----

    /** {@code /api}. */
    ObjectNode coreVersions() {
        ObjectNode o = JSON.objectNode().put("kind", "APIVersions");
        o.putArray("versions").add("v1");
        o.putArray("serverAddressByClientCIDRs");
        return o;
    }

    /** {@code /apis}. */
    ObjectNode groupList() {
        ObjectNode o = JSON.objectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
        ArrayNode groups = o.putArray("groups");
        groupVersions().forEach((group, versions) -> {
            if (!group.isEmpty()) {
                groups.add(group(group, versions));
            }
        });
        return o;
    }

    /** {@code /apis/<group>}, or empty when no kind of that group is served. */
    Optional<ObjectNode> group(String group) {
        Set<String> versions = groupVersions().get(group);
        if (versions == null || group.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(group(group, versions).put("kind", "APIGroup").put("apiVersion", "v1"));
    }

    private ObjectNode group(String group, Set<String> versions) {
        ObjectNode g = JSON.objectNode().put("name", group);
        ArrayNode vs = g.putArray("versions");
        versions.forEach(v -> vs.addObject().put("groupVersion", group + "/" + v).put("version", v));
        String preferred = versions.iterator().next();
        g.putObject("preferredVersion").put("groupVersion", group + "/" + preferred).put("version", preferred);
        return g;
    }

    private Map<String, Set<String>> groupVersions() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        types.values().stream().sorted((a, b) -> (a.group() + a.version()).compareTo(b.group() + b.version()))
                .forEach(t -> out.computeIfAbsent(t.group(), g -> new LinkedHashSet<>()).add(t.version()));
        return out;
    }

    /** {@code /api/v1} or {@code /apis/<group>/<version>}, or empty when nothing is served there. */
    Optional<ObjectNode> resourceList(String group, String version) {
        List<ResourceType> served = types.values().stream().filter(t -> t.group().equals(group) && t.version().equals(version))
                .sorted((a, b) -> a.plural().compareTo(b.plural())).toList();
        if (served.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode o = JSON.objectNode().put("kind", "APIResourceList").put("apiVersion", "v1").put("groupVersion",
                group.isEmpty() ? version : group + "/" + version);
        ArrayNode resources = o.putArray("resources");
        for (ResourceType t : served) {
            ObjectNode r = resources.addObject().put("name", t.plural()).put("singularName", t.singular())
                    .put("namespaced", t.namespaced()).put("kind", t.kind());
            ArrayNode verbs = r.putArray("verbs");
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch").forEach(verbs::add);
            if (!t.shortNames().isEmpty()) {
                ArrayNode sn = r.putArray("shortNames");
                t.shortNames().forEach(sn::add);
            }
            if (!t.categories().isEmpty()) {
                ArrayNode c = r.putArray("categories");
                t.categories().forEach(c::add);
            }
            if (t.statusSubresource()) {
                ObjectNode s = resources.addObject().put("name", t.plural() + "/status").put("singularName", "")
                        .put("namespaced", t.namespaced()).put("kind", t.kind());
                s.putArray("verbs").add("get").add("patch").add("update");
            }
        }
        return Optional.of(o);
    }
}
