package dev.fluxconfig.sandbox.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the data plane holds per cluster: the configurations with their versions and ETag, protected settings until the
 * agent acknowledged the answer that carried them, the posted statuses (latest wins, and a history) and heartbeats.
 * Every method holds the lock of this object, so each reads or changes one consistent state.
 */
final class ClusterStates {

    private final Map<String, ClusterState> clusters = new LinkedHashMap<>();

    private static final class ClusterState {
        final Map<String, ObjectNode> configs = new LinkedHashMap<>();
        final Map<String, JsonNode> pendingSettings = new LinkedHashMap<>();
        final Map<String, String> deliveredIn = new LinkedHashMap<>();
        final Map<String, JsonNode> statuses = new LinkedHashMap<>();
        final List<JsonNode> statusHistory = new ArrayList<>();
        final List<JsonNode> heartbeats = new ArrayList<>();
        String rawBody;
        long generation;

        String etag() {
            return "\"g" + generation + "\"";
        }
    }

    private ClusterState cluster(String clusterPath) {
        return clusters.computeIfAbsent(clusterPath, k -> new ClusterState());
    }

    /** Adds or replaces a configuration; its protected settings wait apart until delivered and acknowledged. */
    synchronized JsonNode put(String clusterPath, String name, JsonNode body) {
        ClusterState c = cluster(clusterPath);
        ObjectNode config = body.isObject() ? ((ObjectNode) body).deepCopy() : Http.JSON.createObjectNode();
        config.put("name", name);
        long version = c.configs.containsKey(name) ? c.configs.get(name).path("version").asLong() + 1 : 1;
        config.put("version", version);
        if (!config.hasNonNull("operationId")) {
            config.put("operationId", UUID.randomUUID().toString());
        }
        if (!config.hasNonNull("correlationId")) {
            config.put("correlationId", UUID.randomUUID().toString());
        }
        JsonNode props = config.path("properties");
        if (props.isObject() && props.has("configurationProtectedSettings")) {
            JsonNode ps = ((ObjectNode) props).remove("configurationProtectedSettings");
            if (ps.isObject()) {
                c.pendingSettings.put(name, ps);
                c.deliveredIn.remove(name);
            }
        }
        c.configs.put(name, config);
        c.rawBody = null;
        c.generation++;
        return config;
    }

    synchronized boolean delete(String clusterPath, String name) {
        ClusterState c = cluster(clusterPath);
        c.pendingSettings.remove(name);
        c.deliveredIn.remove(name);
        boolean removed = c.configs.remove(name) != null;
        if (removed || c.rawBody != null) {
            c.rawBody = null;
            c.generation++;
        }
        return removed;
    }

    synchronized List<JsonNode> configurations(String clusterPath) {
        return new ArrayList<>(cluster(clusterPath).configs.values());
    }

    synchronized Map<String, JsonNode> statuses(String clusterPath) {
        return new LinkedHashMap<>(cluster(clusterPath).statuses);
    }

    synchronized List<JsonNode> statusHistory(String clusterPath) {
        return new ArrayList<>(cluster(clusterPath).statusHistory);
    }

    synchronized List<JsonNode> heartbeats(String clusterPath) {
        return new ArrayList<>(cluster(clusterPath).heartbeats);
    }

    synchronized boolean protectedSettingsPending(String clusterPath, String name) {
        return cluster(clusterPath).pendingSettings.containsKey(name);
    }

    /** Serves exactly this body from now on, under a new ETag, which is returned. */
    synchronized String rawBody(String clusterPath, String body) {
        ClusterState c = cluster(clusterPath);
        c.rawBody = body;
        c.generation++;
        return c.etag();
    }

    synchronized String etag(String clusterPath) {
        return cluster(clusterPath).etag();
    }

    /**
     * The getPendingConfigs body; acknowledges the protected settings of the answer whose ETag the client sends in
     * {@code ifNoneMatch} (it says it applied that answer).
     */
    synchronized String pendingBody(String clusterPath, String ifNoneMatch) {
        ClusterState c = cluster(clusterPath);
        if (c.rawBody != null) {
            return c.rawBody;
        }
        if (ifNoneMatch != null) {
            c.deliveredIn.entrySet().removeIf(e -> {
                if (e.getValue().equals(ifNoneMatch)) {
                    c.pendingSettings.remove(e.getKey());
                    return true;
                }
                return false;
            });
        }
        ObjectNode root = Http.JSON.createObjectNode();
        ArrayNode list = root.putArray("configurations");
        c.configs.forEach((name, config) -> {
            ObjectNode copy = config.deepCopy();
            JsonNode ps = c.pendingSettings.get(name);
            if (ps != null && copy.path("properties").isObject()) {
                ((ObjectNode) copy.get("properties")).set("configurationProtectedSettings", ps);
                c.deliveredIn.put(name, c.etag());
            }
            list.add(copy);
        });
        return root.toString();
    }

    /** Keeps a posted status; returns the problem when the body is no status of that configuration, else null. */
    synchronized String postStatus(String clusterPath, String name, JsonNode body) {
        if (body == null || !name.equals(body.path("name").asText())) {
            return "the body must be a ConfigurationStatus whose name is " + name;
        }
        ClusterState c = cluster(clusterPath);
        c.statuses.put(name, body);
        Http.add(c.statusHistory, body);
        return null;
    }

    synchronized void postHeartbeat(String clusterPath, JsonNode body) {
        Http.add(cluster(clusterPath).heartbeats, body == null ? Http.JSON.createObjectNode() : body);
    }
}
