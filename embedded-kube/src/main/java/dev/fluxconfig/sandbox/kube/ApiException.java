package dev.fluxconfig.sandbox.kube;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A refused request, answered as a Kubernetes {@code Status} with the reason clients look at (NotFound, Conflict…). */
public final class ApiException extends RuntimeException {

    private final int code;
    private final String reason;

    public ApiException(int code, String reason, String message) {
        super(message);
        this.code = code;
        this.reason = reason;
    }

    static ApiException notFound(ResourceType type, String name) {
        return new ApiException(404, "NotFound", type.plural() + qualified(type) + " \"" + name + "\" not found");
    }

    static ApiException alreadyExists(ResourceType type, String name) {
        return new ApiException(409, "AlreadyExists", type.plural() + qualified(type) + " \"" + name + "\" already exists");
    }

    static ApiException conflict(ResourceType type, String name) {
        return new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + type.plural() + qualified(type)
                + " \"" + name
                + "\": the object has been modified; please apply your changes to the latest version and try again");
    }

    static ApiException invalid(String message) {
        return new ApiException(422, "Invalid", message);
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message);
    }

    private static String qualified(ResourceType type) {
        return type.group().isEmpty() ? "" : "." + type.group();
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    /** The {@code Status} body the API server answers with. */
    public ObjectNode status() {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("kind", "Status").put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Failure").put("message", getMessage()).put("reason", reason).put("code", code);
        return s;
    }
}
