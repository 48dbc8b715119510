package dev.fluxconfig.agent.apply;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.fluxconfig.model.validation.ValidationError;

/** Configurations whose latest desired state was refused, by name, until a valid one arrives or they are dropped. */
@ApplicationScoped
public class Rejections {

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

    private final Map<String, Rejection> rejected = new ConcurrentHashMap<>();

    /** Records a rejection; true when it differs from the one already recorded. */
    public boolean reject(Rejection rejection) {
        return !rejection.equals(rejected.put(rejection.name(), rejection));
    }

    /** Forgets a rejection; true when there was one. */
    public boolean clear(String name) {
        return rejected.remove(name) != null;
    }

    public Rejection get(String name) {
        return rejected.get(name);
    }

    /** Whether some configuration waits for an object that is not the agent's to go away. */
    public boolean anyConflict() {
        return rejected.values().stream().anyMatch(Rejection::conflict);
    }

    public Map<String, Rejection> all() {
        return Map.copyOf(rejected);
    }
}
