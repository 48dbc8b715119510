package dev.fluxconfig.agent.dataplane;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

import dev.fluxconfig.model.dataplane.DesiredConfiguration;
import dev.fluxconfig.model.dataplane.DesiredConfigurationMapper;
import dev.fluxconfig.model.validation.ValidationError;

/**
 * Reads a {@code getPendingConfigs} body in two steps: the whole body must be JSON with a {@code configurations} array,
 * or nothing of it is used; then each entry is read on its own, so one bad configuration affects only itself. Error
 * messages name positions and fields, never values (the body carries protected settings).
 * <p>
 * A body beyond {@link #MAX_NESTING_DEPTH}, {@link #MAX_STRING_LENGTH}, {@link #MAX_NAME_LENGTH} or
 * {@link #MAX_DOCUMENT_LENGTH} is malformed as a whole: no configuration needs more, and a hostile body must neither
 * exhaust the stack nor the agent's small heap. A scalar where text is expected is a wrong type, not text: {@code
 * "namespace": 12.5} must not become the namespace {@code "12.5"}.
 */
public final class PendingConfigsParser {

    /** Deepest nesting of a body; a configuration needs about ten levels. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** Longest string value, in characters. */
    public static final int MAX_STRING_LENGTH = 2 << 20;
    /** Longest property name, in characters. */
    public static final int MAX_NAME_LENGTH = 4096;
    /** Largest body, in bytes. */
    public static final long MAX_DOCUMENT_LENGTH = 64L << 20;

    private static final ObjectMapper JSON = JsonMapper
            .builder(JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH).maxStringLength(MAX_STRING_LENGTH).maxNameLength(MAX_NAME_LENGTH)
                    .maxDocumentLength(MAX_DOCUMENT_LENGTH).build()).build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private PendingConfigsParser() {
    }

    /** The list, or an exception whose message says what is wrong with the body as a whole. */
    public static DesiredState parse(String etag, byte[] body) throws MalformedBodyException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (StreamConstraintsException e) {
            throw new MalformedBodyException("body exceeds the agent's limits: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new MalformedBodyException("body is not valid JSON" + where(e.getLocation()));
        } catch (IOException e) {
            throw new MalformedBodyException("body cannot be read");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedBodyException("body is not a JSON object");
        }
        JsonNode list = root.get("configurations");
        if (list == null || !list.isArray()) {
            throw new MalformedBodyException("body has no 'configurations' array");
        }
        List<DesiredState.Entry> entries = new ArrayList<>();
        boolean identified = true;
        int index = 0;
        for (JsonNode item : list) {
            String name = item.path("name").isTextual() ? item.path("name").asText() : null;
            JsonNode ns = item.path("properties").path("namespace");
            String namespace = ns.isTextual() ? ns.asText() : DesiredConfigurationMapper.DEFAULT_NAMESPACE;
            if (name == null || name.isEmpty()) {
                identified = false;
                entries.add(new DesiredState.Entry(null, namespace, null,
                        List.of(new ValidationError("configurations[" + index + "].name", "is required"))));
            } else if (!item.isObject()) {
                entries.add(new DesiredState.Entry(name, namespace, null,
                        List.of(new ValidationError("configurations[" + index + "]", "is not an object"))));
            } else {
                try {
                    entries.add(new DesiredState.Entry(name, namespace, JSON.treeToValue(item, DesiredConfiguration.class),
                            List.of()));
                } catch (JsonMappingException e) {
                    entries.add(new DesiredState.Entry(name, namespace, null,
                            List.of(new ValidationError(path(e), "has the wrong type or shape"))));
                } catch (JsonProcessingException e) {
                    entries.add(new DesiredState.Entry(name, namespace, null,
                            List.of(new ValidationError("configurations[" + index + "]", "cannot be read"))));
                }
            }
            index++;
        }
        return new DesiredState(etag, refuseDuplicates(entries), identified);
    }

    /**
     * Configuration names are unique on a cluster: a name listed twice is ambiguous, so every entry of it is refused (with
     * the same reason, so that it is reported once) and the cluster keeps what it has for that name.
     */
    private static List<DesiredState.Entry> refuseDuplicates(List<DesiredState.Entry> entries) {
        Map<String, Integer> counts = new HashMap<>();
        entries.forEach(e -> {
            if (e.name() != null) {
                counts.merge(e.name(), 1, Integer::sum);
            }
        });
        List<ValidationError> twice = List.of(new ValidationError("name", "is listed more than once in the desired list"));
        return entries.stream().map(e -> e.name() != null && counts.get(e.name()) > 1
                ? new DesiredState.Entry(e.name(), e.namespace(), null, twice)
                : e).toList();
    }

    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.length() == 0 ? "configuration" : b.toString();
    }

    private static String where(JsonLocation location) {
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** The body as a whole is unusable. */
    public static class MalformedBodyException extends Exception {
        public MalformedBodyException(String message) {
            super(message);
        }
    }
}
