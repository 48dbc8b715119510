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

    /** Why a configuration was refused, with the ids of the operation that asked for it. */
    public record Rejection(String name, String namespace, String operationId, String correlationId,
            List<ValidationError> errors) {

        public String message() {
            return "the configuration was not applied: "
                    + errors.stream().map(ValidationError::toString).collect(Collectors.joining("; "));
        }
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

    public Map<String, Rejection> all() {
        return Map.copyOf(rejected);
    }
}
