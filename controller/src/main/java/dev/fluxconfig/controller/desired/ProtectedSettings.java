package dev.fluxconfig.controller.desired;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.Secret;

/**
 * The protected settings of a configuration as the agent stored them: one Secret key per ARM setting, each value the ARM
 * value (itself base64 for sshPrivateKey, httpsKey and bucketSecretKey). Never printed.
 */
public final class ProtectedSettings {

    public static final ProtectedSettings NONE = new ProtectedSettings(Map.of());

    private final Map<String, String> values;

    private ProtectedSettings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static ProtectedSettings of(Map<String, String> values) {
        return new ProtectedSettings(values);
    }

    /** Reads a Secret's data (base64 on the wire) and stringData. */
    public static ProtectedSettings fromSecret(Secret secret) {
        if (secret == null) {
            return NONE;
        }
        Map<String, String> values = new TreeMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> values.put(k,
                    new String(Base64.getDecoder().decode(v == null ? "" : v), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        return new ProtectedSettings(values);
    }

    /** The map for validation (keys and values). */
    public Map<String, String> asMap() {
        return values;
    }

    public boolean has(String key) {
        String v = values.get(key);
        return v != null && !v.isEmpty();
    }

    /** The value as sent (ARM form). */
    public String raw(String key) {
        return values.get(key);
    }

    /** The value with the ARM base64 layer removed, for keys the ARM API base64-encodes. */
    public String decoded(String key) {
        String v = values.get(key);
        return v == null
                ? null
                : new String(Base64.getMimeDecoder().decode(v.strip()), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ProtectedSettings" + values.keySet();
    }
}
