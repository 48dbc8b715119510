package dev.fluxconfig.agent.dataplane;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.fluxconfig.model.dataplane.DesiredConfiguration;
import dev.fluxconfig.model.dataplane.DesiredConfigurationMapper;
import dev.fluxconfig.model.validation.ValidationError;

/**
 * Reads a {@code getPendingConfigs} body in two steps: the whole body must be JSON with a {@code configurations} array,
 * or nothing of it is used; then each entry is read on its own, so one bad configuration affects only itself. Error
 * messages name positions and fields, never values (the body carries protected settings).
 */
public final class PendingConfigsParser {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private PendingConfigsParser() {
    }

    /** The list, or an exception whose message says what is wrong with the body as a whole. */
    public static DesiredState parse(String etag, byte[] body) throws MalformedBodyException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
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
        return new DesiredState(etag, List.copyOf(entries), identified);
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
