package dev.fluxconfig.agent.apply;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.fluxconfig.model.validation.ValidationError;

/**
 * What the agent remembers about each configuration between polls, one record per configuration: why its latest desired
 * state was refused (if it was) and the protected settings that arrived with a refused version (the cloud sends them once,
 * so they wait for a valid version). The hash of what was last applied lives on the FluxConfig itself (an annotation), so
 * that it survives a restart. A record goes when a version is applied or the configuration is dropped.
 */
@ApplicationScoped
public class Ledger {

    /** Longest message of a rejection: reasons quote values, and a hostile value must not flood logs and status posts. */
    public static final int MAX_MESSAGE_LENGTH = 4096;
    /** Longest single reason in a message. */
    static final int MAX_REASON_LENGTH = 512;

    /**
     * Why a configuration was refused, with the ids of the operation that asked for it; {@code conflict} when an object
     * in the cluster that is not the agent's stands in the way (it may go away, so the configuration is tried again).
     */
    public record Rejection(String name, String namespace, String operationId, String correlationId,
            List<ValidationError> errors, boolean conflict) {

        public String message() {
            return abbreviate("the configuration was not applied: "
                    + errors.stream().map(e -> abbreviate(e.toString(), MAX_REASON_LENGTH)).collect(Collectors.joining("; ")),
                    MAX_MESSAGE_LENGTH);
        }
    }

    /** The text, cut to {@code max} characters with its length noted. */
    public static String abbreviate(String text, int max) {
        if (text == null) {
            return null;
        }
        if (text.length() <= max) {
            return text;
        }
        String cut = " … (" + text.length() + " characters)";
        int end = max - cut.length();
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + cut;
    }

    /** One configuration's record: its refusal, and the protected settings held for it (or null). */
    record Record(Rejection rejection, Map<String, String> heldSettings) {
    }

    private final Map<String, Record> records = new ConcurrentHashMap<>();

    /**
     * Records a refusal; {@code settings} (when not null) are held from now on, otherwise those held already stay. True
     * when the refusal differs from the one already recorded.
     */
    public boolean refused(Rejection rejection, Map<String, String> settings) {
        boolean[] changed = new boolean[1];
        records.compute(rejection.name(), (name, old) -> {
            changed[0] = old == null || !rejection.equals(old.rejection());
            return new Record(rejection,
                    settings != null
                            ? java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings))
                            : old == null ? null : old.heldSettings());
        });
        return changed[0];
    }

    /** A version was applied (or the configuration dropped): its record goes; true when it had a refusal. */
    public boolean clear(String name) {
        return records.remove(name) != null;
    }

    /** The refusal of that configuration's latest desired state, or null. */
    public Rejection get(String name) {
        Record r = records.get(name);
        return r == null ? null : r.rejection();
    }

    /** Protected settings held for that configuration since a refused version brought them, or null. */
    public Map<String, String> heldSettings(String name) {
        Record r = records.get(name);
        return r == null ? null : r.heldSettings();
    }

    /** Whether some configuration waits for an object that is not the agent's to go away. */
    public boolean anyConflict() {
        return records.values().stream().anyMatch(r -> r.rejection().conflict());
    }

    public Map<String, Rejection> all() {
        Map<String, Rejection> all = new java.util.HashMap<>();
        records.forEach((name, r) -> all.put(name, r.rejection()));
        return Map.copyOf(all);
    }
}
