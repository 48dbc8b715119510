package dev.fluxconfig.sandbox.emulator;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import dev.fluxconfig.model.dataplane.ErrorResponse;

/** The small HTTP and JSON helpers the emulator's parts share. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();
    /** How many entries each of the emulator's logs keeps. */
    static final int HISTORY = 1000;

    private Http() {
    }

    static JsonNode body(RoutingContext ctx) {
        try {
            return ctx.body() == null || ctx.body().length() == 0 ? null : JSON.readTree(ctx.body().asString());
        } catch (Exception e) {
            return null;
        }
    }

    static void json(HttpServerResponse r, Object body) {
        try {
            r.putHeader("Content-Type", "application/json").end(JSON.writeValueAsString(body));
        } catch (Exception e) {
            r.setStatusCode(500).end();
        }
    }

    static void unauthorized(RoutingContext ctx) {
        json(ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer"),
                ErrorResponse.of("Unauthorized", "a bearer token issued by this emulator is required"));
    }

    static String decode(String segment) {
        return java.net.URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }

    /** Appends to a log that keeps the last {@link #HISTORY} entries. */
    static <T> void add(List<T> list, T item) {
        list.add(item);
        if (list.size() > HISTORY) {
            list.remove(0);
        }
    }
}
