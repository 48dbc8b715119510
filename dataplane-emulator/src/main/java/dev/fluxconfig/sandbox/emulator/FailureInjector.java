package dev.fluxconfig.sandbox.emulator;

import static dev.fluxconfig.sandbox.emulator.Http.json;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;

import dev.fluxconfig.model.dataplane.ErrorResponse;

/**
 * The failures the emulator is told to apply, and how each misbehaves: in HTTP (status codes, bodies, headers,
 * delays) or on the socket (resets, cut bodies, broken chunks, random bytes).
 */
final class FailureInjector {

    /** The routing-context key under which the mode that answered a request is kept (for the journal). */
    static final String FAILED = "emulator.failed";

    private final Supplier<Vertx> vertx;
    private final Duration timeoutAfter;
    private final BiConsumer<RoutingContext, Integer> journal;
    private final SecureRandom random = new SecureRandom();
    private volatile List<Failure> failures = List.of();

    /**
     * @param journal journals an exchange with this status (0: no answer) before a failure breaks its connection
     */
    FailureInjector(Supplier<Vertx> vertx, Duration timeoutAfter, BiConsumer<RoutingContext, Integer> journal) {
        this.vertx = vertx;
        this.timeoutAfter = timeoutAfter;
        this.journal = journal;
    }

    void set(Failure f) {
        failures = f.mode() == FailureMode.NONE ? List.of() : List.of(f);
    }

    synchronized void add(Failure f) {
        List<Failure> all = new ArrayList<>(failures);
        all.add(f);
        failures = List.copyOf(all);
    }

    void heal() {
        failures = List.of();
    }

    List<Failure> failures() {
        return failures;
    }

    /** The failure that answers a request of this kind, or null. The token endpoints are down while any says so. */
    Failure failureFor(Journal.Kind kind, String configuration) {
        for (Failure f : failures) {
            if (f.appliesTo(kind, configuration)
                    || (kind == Journal.Kind.TOKEN && f.mode() == FailureMode.TOKEN_ENDPOINT_DOWN)) {
                return f;
            }
        }
        return null;
    }

    /**
     * Answers by the failure that applies, or by {@code answer}; a {@link FailureMode#DELAYED} failure runs
     * {@code answer} after its delay.
     */
    void answerOrFail(RoutingContext ctx, Journal.Kind kind, String configuration, String goodBody, Runnable answer) {
        Failure f = failureFor(kind, configuration);
        if (f == null) {
            answer.run();
            return;
        }
        ctx.put(FAILED, f.mode());
        if (f.retryAfter() != null || f.mode() == FailureMode.HTTP_429) {
            ctx.response().putHeader("Retry-After", f.retryAfter() != null ? f.retryAfter() : "1");
        }
        if (f.mode() == FailureMode.DELAYED) {
            Duration delay = f.delay() != null ? f.delay() : timeoutAfter;
            vertx.get().setTimer(Math.max(1, delay.toMillis()), id -> answer.run());
            return;
        }
        misbehave(ctx, f.mode(), kind, goodBody);
    }

    private void misbehave(RoutingContext ctx, FailureMode mode, Journal.Kind kind, String goodBody) {
        HttpServerResponse r = ctx.response();
        String list = goodBody == null ? "{\"configurations\":[]}" : goodBody;
        switch (mode) {
            case HTTP_500 -> json(r.setStatusCode(500), ErrorResponse.of("InternalServerError", "emulated failure"));
            case HTTP_401 -> json(r.setStatusCode(401), ErrorResponse.of("Unauthorized", "emulated failure"));
            case HTTP_403 -> json(r.setStatusCode(403), ErrorResponse.of("Forbidden", "emulated failure"));
            case HTTP_429 -> json(r.setStatusCode(429), ErrorResponse.of("TooManyRequests", "emulated failure"));
            case HTTP_503_HTML -> text(r, 503, "text/html", null, "<html><body>Service Unavailable</body></html>");
            case TOKEN_ENDPOINT_DOWN -> {
                if (kind == Journal.Kind.TOKEN) {
                    json(r.setStatusCode(503), Map.of("error", "temporarily_unavailable", "error_description",
                            "emulated failure: the token endpoint is down"));
                } else {
                    json(r.setStatusCode(401), ErrorResponse.of("Unauthorized", "emulated failure: token refused"));
                }
            }
            case TIMEOUT -> {
                journal.accept(ctx, 0);
                vertx.get().setTimer(timeoutAfter.toMillis(), id -> ctx.request().connection().close());
            }
            case SLOW_BODY -> {
                journal.accept(ctx, 200);
                dribble(r, list.getBytes(StandardCharsets.UTF_8), 5, timeoutAfter);
            }
            case MALFORMED_JSON -> text(r, 200, "application/json", "\"malformed\"", "{\"configurations\": [ {\"name\": ");
            case TRUNCATED_BODY -> {
                journal.accept(ctx, 200);
                byte[] bytes = list.getBytes(StandardCharsets.UTF_8);
                r.setStatusCode(200).putHeader("Content-Type", "application/json").putHeader("ETag", "\"truncated\"")
                        .putHeader("Content-Length", String.valueOf(bytes.length));
                r.write(Buffer.buffer(java.util.Arrays.copyOf(bytes, bytes.length / 2)))
                        .onComplete(x -> ctx.request().connection().close());
            }
            case BROKEN_CHUNK -> {
                journal.accept(ctx, 200);
                raw(ctx, ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "not-hex\r\n{\"configurations\":\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            case CONNECTION_RESET -> {
                journal.accept(ctx, 0);
                Channel channel = channel(ctx);
                // linger 0: close() sends RST instead of FIN
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
                channel.close();
            }
            case EMPTY_RESPONSE -> {
                journal.accept(ctx, 0);
                ctx.request().connection().close();
            }
            case RANDOM_DATA -> {
                journal.accept(ctx, 0);
                byte[] noise = new byte[256];
                random.nextBytes(noise);
                raw(ctx, noise);
            }
            case WRONG_CONTENT_TYPE -> text(r, 200, "text/html", "\"html\"", "<html><body>Sign in to continue</body></html>");
            case EMPTY_BODY -> text(r, 200, null, "\"nothing\"", "");
            case NULL_BODY -> text(r, 200, "application/json", "\"null\"", "null");
            case NO_CONFIGURATIONS_FIELD -> text(r, 200, "application/json", "\"empty\"", "{}");
            case INVALID_ENTRY -> text(r, 200, "application/json", "\"invalid-entry\"", edited(list, entries -> {
                if (entries.size() > 0 && entries.get(0).path("properties").isObject()) {
                    ((ObjectNode) entries.get(0).get("properties")).put("sourceKind", "Nonsense");
                }
            }));
            case MISSING_FIELDS -> text(r, 200, "application/json", "\"missing-fields\"",
                    edited(list, entries -> entries.forEach(e -> {
                        if (e.isObject()) {
                            ((ObjectNode) e).remove("properties");
                        }
                    })));
            case NAMELESS_ENTRY -> text(r, 200, "application/json", "\"nameless\"", edited(list, entries -> {
                if (entries.size() > 0) {
                    entries.remove(entries.size() - 1);
                }
                entries.addObject().putObject("properties").put("namespace", "default");
            }));
            case NONE, DELAYED -> throw new IllegalStateException(mode + " is no misbehaviour");
        }
    }

    private static void text(HttpServerResponse r, int status, String contentType, String etag, String body) {
        r.setStatusCode(status);
        if (contentType != null) {
            r.putHeader("Content-Type", contentType);
        }
        if (etag != null) {
            r.putHeader("ETag", etag);
        }
        r.end(body);
    }

    /** The list body with its configurations array changed by {@code edit}; as it is when it has none. */
    static String edited(String list, java.util.function.Consumer<ArrayNode> edit) {
        try {
            JsonNode root = Http.JSON.readTree(list);
            if (root != null && root.path("configurations").isArray()) {
                edit.accept((ArrayNode) root.get("configurations"));
                return root.toString();
            }
        } catch (Exception e) {
            // a raw body that is no JSON: served as it is
        }
        return list;
    }

    /** Headers at once, then the body in {@code chunks} pieces spread over {@code over}. */
    private void dribble(HttpServerResponse r, byte[] body, int chunks, Duration over) {
        r.setStatusCode(200).setChunked(true).putHeader("Content-Type", "application/json");
        r.writeHead();
        int size = Math.max(1, (body.length + chunks - 1) / chunks);
        long every = Math.max(1, over.toMillis() / chunks);
        int[] sent = {0};
        Vertx v = vertx.get();
        v.setPeriodic(every, id -> {
            if (r.closed() || r.ended()) {
                v.cancelTimer(id);
                return;
            }
            int end = Math.min(body.length, sent[0] + size);
            Buffer piece = Buffer.buffer(java.util.Arrays.copyOfRange(body, sent[0], end));
            sent[0] = end;
            if (end >= body.length) {
                v.cancelTimer(id);
                r.end(piece);
            } else {
                r.write(piece);
            }
        });
    }

    private static Channel channel(RoutingContext ctx) {
        return ((ConnectionBase) ctx.request().connection()).channel();
    }

    /** Writes these bytes on the connection as they are (past the HTTP encoder, through TLS if any), then closes it. */
    private static void raw(RoutingContext ctx, byte[] bytes) {
        Channel channel = channel(ctx);
        ChannelHandlerContext from = channel.pipeline().context(HttpResponseEncoder.class);
        (from != null ? from : channel.pipeline().firstContext()).writeAndFlush(Unpooled.wrappedBuffer(bytes))
                .addListener(f -> channel.close());
    }
}
