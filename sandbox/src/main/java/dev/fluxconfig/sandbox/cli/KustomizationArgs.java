package dev.fluxconfig.sandbox.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.fluxconfig.model.Durations;
import dev.fluxconfig.model.v1alpha1.spec.KustomizationDefinition;

/**
 * Parses {@code --kustomization name=… path=… prune=… dependsOn=[…]} the way {@code az k8s-configuration flux} does: each
 * token split on the first '=', key aliases for dependsOn, sync interval, retry interval, and
 * {@code disable-health-check}; a dependsOn value loses its surrounding brackets and is split on ','. Stricter than the
 * original: unknown keys, bad booleans and bad durations are refused with the key named.
 */
public final class KustomizationArgs {

    private KustomizationArgs() {
    }

    /** One --kustomization occurrence as a kustomization; throws IllegalArgumentException naming the bad token. */
    public static KustomizationDefinition parse(List<String> tokens) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String token : tokens) {
            int eq = token.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--kustomization: '" + token + "' is not KEY=VALUE");
            }
            values.put(canonicalKey(token.substring(0, eq)), token.substring(eq + 1));
        }
        if (!values.containsKey("name") || values.get("name").isBlank()) {
            throw new IllegalArgumentException("--kustomization: name=<name> is required");
        }
        KustomizationDefinition k = new KustomizationDefinition(values.get("name"), "");
        k.setDependsOn(new ArrayList<>());
        values.forEach((key, value) -> {
            switch (key) {
                case "name" -> {
                }
                case "path" -> k.setPath(value);
                case "dependsOn" -> k.setDependsOn(dependsOn(value));
                case "prune" -> k.setPrune(bool(key, value));
                case "force" -> k.setForce(bool(key, value));
                case "wait" -> k.setWait(bool(key, value));
                case "disableHealthCheck" -> k.setWait(!"true".equals(value.toLowerCase(Locale.ROOT)));
                case "syncInterval" -> k.setSyncIntervalInSeconds(seconds(key, value));
                case "retryInterval" -> k.setRetryIntervalInSeconds(seconds(key, value));
                case "timeout" -> k.setTimeoutInSeconds(seconds(key, value));
                default -> throw new IllegalArgumentException("--kustomization: unknown key '" + key
                        + "'; known: name, path, dependsOn, prune, force, disable-health-check, sync_interval, retry_interval, timeout");
            }
        });
        return k;
    }

    static String canonicalKey(String key) {
        return switch (key) {
            case "dependencies", "depends_on", "dependsOn", "depends" -> "dependsOn";
            case "interval", "sync_interval", "syncInterval" -> "syncInterval";
            case "retryInterval", "retry_interval" -> "retryInterval";
            case "disable-health-check", "disable_health_check", "disableHealthCheck" -> "disableHealthCheck";
            default -> key;
        };
    }

    /** {@code [a,b]}, {@code a,b} or {@code ["a","b"]} (quotes that survived the shell are removed). */
    static List<String> dependsOn(String value) {
        String v = value.strip();
        if (v.startsWith("[") && v.endsWith("]")) {
            v = v.substring(1, v.length() - 1);
        }
        if (v.isBlank()) {
            return new ArrayList<>();
        }
        return new ArrayList<>(Arrays.stream(v.split(",")).map(String::strip).map(s -> s.replaceAll("^[\"']|[\"']$", ""))
                .toList());
    }

    static boolean bool(String key, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("--kustomization " + key + ": '" + value + "' is not true or false");
        };
    }

    static long seconds(String key, String value) {
        try {
            return Durations.parseCli(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--kustomization " + key + ": " + e.getMessage());
        }
    }
}
