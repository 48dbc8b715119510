package dev.fluxconfig.sandbox.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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

    /**
     * The settings one command line gives a kustomization; null means "not given". Create applies it to a new definition
     * (whose defaults fill the rest), update applies it to the existing one. {@code healthCheck} is ARM's {@code wait}.
     */
    public record Patch(String name, String path, List<String> dependsOn, Long timeoutInSeconds,
            Long syncIntervalInSeconds, Long retryIntervalInSeconds, Boolean prune, Boolean force, Boolean healthCheck) {

        /** Writes the given settings into {@code k} and returns it. */
        public KustomizationDefinition applyTo(KustomizationDefinition k) {
            if (path != null) {
                k.setPath(path);
            }
            if (dependsOn != null) {
                k.setDependsOn(new ArrayList<>(dependsOn));
            }
            if (timeoutInSeconds != null) {
                k.setTimeoutInSeconds(timeoutInSeconds);
            }
            if (syncIntervalInSeconds != null) {
                k.setSyncIntervalInSeconds(syncIntervalInSeconds);
            }
            if (retryIntervalInSeconds != null) {
                k.setRetryIntervalInSeconds(retryIntervalInSeconds);
            }
            if (prune != null) {
                k.setPrune(prune);
            }
            if (force != null) {
                k.setForce(force);
            }
            if (healthCheck != null) {
                k.setWait(healthCheck);
            }
            return k;
        }

        /** A new kustomization: the given settings over the ARM defaults (path "" and no dependencies among them). */
        public KustomizationDefinition definition() {
            return applyTo(new KustomizationDefinition());
        }
    }

    /** One --kustomization occurrence; throws IllegalArgumentException naming the bad token. */
    public static Patch parse(List<String> tokens) {
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
        for (String key : values.keySet()) {
            if (!KNOWN_KEYS.contains(key)) {
                throw new IllegalArgumentException("--kustomization: unknown key '" + key
                        + "'; known: name, path, dependsOn, prune, force, disable-health-check, sync_interval, retry_interval, timeout");
            }
        }
        String wait = values.get("wait");
        String disableHealthCheck = values.get("disableHealthCheck");
        return new Patch(values.get("name"), values.get("path"),
                values.containsKey("dependsOn") ? dependsOn(values.get("dependsOn")) : null,
                seconds("timeout", values.get("timeout")), seconds("syncInterval", values.get("syncInterval")),
                seconds("retryInterval", values.get("retryInterval")), bool("prune", values.get("prune")),
                bool("force", values.get("force")),
                disableHealthCheck != null
                        ? Boolean.valueOf(!"true".equals(disableHealthCheck.toLowerCase(Locale.ROOT)))
                        : bool("wait", wait));
    }

    private static final Set<String> KNOWN_KEYS = Set.of("name", "path", "dependsOn", "prune", "force", "wait",
            "disableHealthCheck", "syncInterval", "retryInterval", "timeout");

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

    static Boolean bool(String key, String value) {
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("--kustomization " + key + ": '" + value + "' is not true or false");
        };
    }

    static Long seconds(String key, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Durations.parseCli(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--kustomization " + key + ": " + e.getMessage());
        }
    }
}
