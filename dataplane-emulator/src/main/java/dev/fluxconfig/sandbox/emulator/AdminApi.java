package dev.fluxconfig.sandbox.emulator;

import static dev.fluxconfig.sandbox.emulator.Http.body;
import static dev.fluxconfig.sandbox.emulator.Http.decode;
import static dev.fluxconfig.sandbox.emulator.Http.json;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.vertx.ext.web.RoutingContext;

import dev.fluxconfig.model.dataplane.ErrorResponse;

/** The admin API under {@code /admin}: drives an emulator over HTTP (sandbox CLI, another process). */
final class AdminApi {

    private static final Pattern ADMIN_CONFIG = Pattern
            .compile("^/admin(" + DataPlaneEmulator.CLUSTER + ")/configurations/([^/]+)$");
    private static final Pattern ADMIN_CLUSTER = Pattern
            .compile("^/admin(" + DataPlaneEmulator.CLUSTER + ")/(configurations|statuses|status-history|heartbeats)$");

    private final DataPlaneEmulator emulator;

    AdminApi(DataPlaneEmulator emulator) {
        this.emulator = emulator;
    }

    void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        String method = ctx.request().method().name();
        Matcher m;
        try {
            if (path.equals("/admin/info")) {
                json(ctx.response(), Map.of("dataPlane", emulator.dataPlaneUrl(), "authority", emulator.authorityUrl(),
                        "imds", emulator.imdsUrl(), "caFile", emulator.caCertificate().toString(), "admin",
                        emulator.dataPlaneUrl() + "/admin"));
            } else if (path.equals("/admin/failure")) {
                if (method.equals("PUT") || method.equals("POST")) {
                    JsonNode body = body(ctx);
                    if (body == null) {
                        throw new IllegalArgumentException("a JSON object with mode and target is required");
                    }
                    String delay = body.path("delay").asText(null);
                    emulator.failure(new Failure(FailureMode.valueOf(body.path("mode").asText("NONE")),
                            body.path("target").asText("data-plane"), body.path("retryAfter").asText(null),
                            delay == null ? null : Duration.parse("PT" + delay.toUpperCase())));
                }
                List<Failure> all = emulator.failures();
                json(ctx.response(), Map.of("mode", emulator.failure().name(), "target",
                        all.isEmpty() ? "data-plane" : all.get(0).target()));
            } else if (path.equals("/admin/token-requests")) {
                json(ctx.response(), emulator.tokenRequests());
            } else if (path.equals("/admin/requests")) {
                json(ctx.response(), emulator.requests());
            } else if ((m = ADMIN_CONFIG.matcher(path)).matches()) {
                String name = decode(m.group(6));
                switch (method) {
                    case "PUT", "POST" -> {
                        JsonNode body = body(ctx);
                        if (body == null || !body.isObject()) {
                            json(ctx.response().setStatusCode(400),
                                    ErrorResponse.of("InvalidBody", "a JSON object is required"));
                            return;
                        }
                        json(ctx.response(), emulator.putConfiguration(m.group(1), name, body));
                    }
                    case "DELETE" -> ctx.response()
                            .setStatusCode(emulator.deleteConfiguration(m.group(1), name) ? 200 : 404).end();
                    default -> {
                        JsonNode c = emulator.configurations(m.group(1)).stream()
                                .filter(x -> name.equals(x.path("name").asText())).findFirst().orElse(null);
                        if (c == null) {
                            ctx.response().setStatusCode(404).end();
                        } else {
                            json(ctx.response(), c);
                        }
                    }
                }
            } else if ((m = ADMIN_CLUSTER.matcher(path)).matches()) {
                switch (m.group(6)) {
                    case "configurations" -> json(ctx.response(), emulator.configurations(m.group(1)));
                    case "statuses" -> json(ctx.response(), emulator.statuses(m.group(1)));
                    case "status-history" -> json(ctx.response(), emulator.statusHistory(m.group(1)));
                    default -> json(ctx.response(), emulator.heartbeats(m.group(1)));
                }
            } else {
                ctx.response().setStatusCode(404).end();
            }
        } catch (IllegalArgumentException e) {
            json(ctx.response().setStatusCode(400), ErrorResponse.of("BadRequest", e.getMessage()));
        }
    }
}
