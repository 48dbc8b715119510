package dev.fluxconfig.sandbox.emulator;

import static dev.fluxconfig.sandbox.emulator.Http.JSON;
import static dev.fluxconfig.sandbox.emulator.Http.add;
import static dev.fluxconfig.sandbox.emulator.Http.decode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** Writes what the emulator saw: every exchange into the {@link Journal}, and the data-plane requests with their sizes. */
final class Recorder {

    private final Journal journal = new Journal();
    private final List<ObjectNode> requests = new ArrayList<>();

    Journal journal() {
        return journal;
    }

    synchronized List<JsonNode> requests() {
        return new ArrayList<>(requests);
    }

    private static final String ARRIVED = "emulator.arrived";
    private static final String JOURNALLED = "emulator.journalled";

    /**
     * Journals every request but the admin API's just before its answer's headers go out (so that a client that saw
     * the answer finds it in the journal), or when its connection closes without an answer.
     */
    void journalled(RoutingContext ctx) {
        if (!ctx.normalizedPath().startsWith("/admin")) {
            ctx.put(ARRIVED, Instant.now());
            ctx.addHeadersEndHandler(v -> journal(ctx, ctx.response().getStatusCode()));
            ctx.addEndHandler(v -> journal(ctx, v.succeeded() ? ctx.response().getStatusCode() : 0));
        }
        ctx.next();
    }

    /** Journals the exchange once: answers that break the connection are journalled before they break it. */
    void journal(RoutingContext ctx, int status) {
        if (ctx.get(JOURNALLED) != null || ctx.get(ARRIVED) == null) {
            return;
        }
        ctx.put(JOURNALLED, Boolean.TRUE);
        HttpServerRequest req = ctx.request();
        String path = ctx.normalizedPath();
        String method = req.method().name();
        Journal.Kind kind = kind(path);
        String cluster = null;
        String configuration = null;
        Matcher m;
        if ((m = DataPlaneEmulator.STATUS.matcher(path)).matches()) {
            cluster = m.group(1);
            configuration = decode(m.group(6));
        } else if ((m = DataPlaneEmulator.PENDING.matcher(path)).matches()
                || (m = DataPlaneEmulator.HEARTBEAT.matcher(path)).matches()) {
            cluster = m.group(1);
        }
        String body = method.equals("GET")
                ? req.query()
                : ctx.body() == null || ctx.body().length() == 0 ? null : ctx.body().asString();
        journal.add(new Journal.Exchange(ctx.get(ARRIVED), kind, method, path, cluster, configuration, status,
                status == 0 ? null : ctx.response().headers().get("ETag"), req.getHeader("If-None-Match"),
                req.getHeader("Authorization"), body, ctx.get(FailureInjector.FAILED)));
    }

    private static Journal.Kind kind(String path) {
        if (DataPlaneEmulator.PENDING.matcher(path).matches()) {
            return Journal.Kind.POLL;
        } else if (DataPlaneEmulator.STATUS.matcher(path).matches()) {
            return Journal.Kind.STATUS;
        } else if (DataPlaneEmulator.HEARTBEAT.matcher(path).matches()) {
            return Journal.Kind.HEARTBEAT;
        } else if (path.contains("/oauth2/") && path.endsWith("/token")) {
            return Journal.Kind.TOKEN;
        }
        return Journal.Kind.OTHER;
    }

    /**
     * One data-plane request in the log, with its size on the wire as HTTP/1.1 writes it (request line or status line,
     * headers and body; TLS framing not counted).
     */
    synchronized void record(RoutingContext ctx, String path, String tokenKind) {
        HttpServerRequest req = ctx.request();
        HttpServerResponse res = ctx.response();
        long requestBytes = req.method().name().length() + req.uri().length() + 11 + headerBytes(req.headers())
                + req.bytesRead();
        long responseBytes = 13 + String.valueOf(res.getStatusMessage()).length() + headerBytes(res.headers())
                + res.bytesWritten();
        ObjectNode r = JSON.createObjectNode().put("time", Instant.now().toString()).put("method", req.method().name())
                .put("path", path).put("status", res.getStatusCode()).put("requestBytes", requestBytes)
                .put("responseBytes", responseBytes);
        if (tokenKind != null) {
            r.put("token", tokenKind);
        }
        add(requests, r);
    }

    private static long headerBytes(MultiMap headers) {
        long n = 2;
        for (Map.Entry<String, String> h : headers) {
            n += h.getKey().length() + h.getValue().length() + 4;
        }
        return n;
    }
}
