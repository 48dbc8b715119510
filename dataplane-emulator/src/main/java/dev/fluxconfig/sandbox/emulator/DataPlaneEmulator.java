package dev.fluxconfig.sandbox.emulator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import dev.fluxconfig.model.dataplane.DataPlanePaths;
import dev.fluxconfig.model.dataplane.ErrorResponse;

/**
 * The regional data plane, played locally: it holds configurations per cluster and serves them by the contract in
 * {@code openapi/dataplane.yaml} (ETags, protected settings delivered until the agent acknowledged the answer that
 * carried them), records posted statuses (latest wins) and heartbeats, issues tokens from an Azure-AD-shaped authority
 * (OIDC metadata + token endpoint, over HTTPS because MSAL4J requires it) and an IMDS-shaped endpoint, accepts only the
 * tokens it issued, and misbehaves on request. An admin API under {@code /admin} drives it from tests, the sandbox CLI
 * or another process.
 */
public final class DataPlaneEmulator implements AutoCloseable {

    /** Where and how to listen. Port 0 picks a free port. */
    public record Options(String host, int port, int httpsPort, Path stateDir, Duration timeoutAfter, boolean requireToken) {

        public static Options defaults() {
            return new Options("127.0.0.1", 0, 0, null, Duration.ofSeconds(60), true);
        }

        public Options withPorts(int port, int httpsPort) {
            return new Options(host, port, httpsPort, stateDir, timeoutAfter, requireToken);
        }

        public Options withStateDir(Path dir) {
            return new Options(host, port, httpsPort, dir, timeoutAfter, requireToken);
        }

        public Options withTimeoutAfter(Duration d) {
            return new Options(host, port, httpsPort, stateDir, d, requireToken);
        }
    }

    /** A token the emulator issued: how it was asked for, never with what credential. */
    public record IssuedToken(String kind, String clientId, String resource, Instant expiresAt) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLUSTER = "/subscriptions/([^/]+)/resourceGroups/([^/]+)/provider/([^/]+)/clusters/([^/]+)";
    private static final Pattern PENDING = Pattern.compile("^(" + CLUSTER + ")/configurations/getPendingConfigs$");
    private static final Pattern STATUS = Pattern.compile("^(" + CLUSTER + ")/configurations/([^/]+)/status$");
    private static final Pattern HEARTBEAT = Pattern.compile("^(" + CLUSTER + ")/heartbeat$");
    private static final Pattern ADMIN_CONFIG = Pattern.compile("^/admin(" + CLUSTER + ")/configurations/([^/]+)$");
    private static final Pattern ADMIN_CLUSTER = Pattern
            .compile("^/admin(" + CLUSTER + ")/(configurations|statuses|status-history|heartbeats)$");
    private static final int HISTORY = 1000;

    private final Options options;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, ClusterState> clusters = new ConcurrentHashMap<>();
    private final Map<String, IssuedToken> tokens = new ConcurrentHashMap<>();
    private final List<ObjectNode> tokenRequests = new ArrayList<>();
    private final List<ObjectNode> requests = new ArrayList<>();
    private final Journal journal = new Journal();
    private volatile List<Failure> failures = List.of();
    /** Credentials the token endpoints accept; while all are empty, they accept any well-formed request. */
    private final Set<String> acceptedSecrets = ConcurrentHashMap.newKeySet();
    private final Set<String> acceptedAssertions = ConcurrentHashMap.newKeySet();
    private final Set<String> acceptedResources = ConcurrentHashMap.newKeySet();
    private volatile boolean acceptSignedAssertions;
    private Vertx vertx;
    private HttpServer http;
    private HttpServer https;
    private SelfSignedTls tls;

    public DataPlaneEmulator(Options options) {
        this.options = options;
    }

    public DataPlaneEmulator() {
        this(Options.defaults());
    }

    /** Starts both listeners; returns when they accept connections. */
    public DataPlaneEmulator start() {
        try {
            Path dir = options.stateDir() != null ? options.stateDir() : Files.createTempDirectory("dp-emulator");
            tls = SelfSignedTls.in(dir);
            vertx = Vertx.vertx();
            Router router = router();
            http = vertx.createHttpServer(new HttpServerOptions().setHost(options.host()).setPort(options.port()))
                    .requestHandler(router).listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            https = vertx.createHttpServer(new HttpServerOptions().setHost(options.host()).setPort(options.httpsPort())
                    .setSsl(true).setKeyCertOptions(new PfxOptions().setPath(tls.keystore().toString())
                            .setPassword(SelfSignedTls.PASSWORD)))
                    .requestHandler(router).listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return this;
        } catch (Exception e) {
            close();
            throw new IllegalStateException("cannot start the data-plane emulator: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // closing anyway
            }
            vertx = null;
        }
    }

    public int port() {
        return http.actualPort();
    }

    public int httpsPort() {
        return https.actualPort();
    }

    /** Base URL of the data plane (and of the admin API). */
    public String dataPlaneUrl() {
        return "http://" + options.host() + ":" + port();
    }

    /** Authority base for MSAL4J: append the tenant id. */
    public String authorityUrl() {
        return "https://localhost:" + httpsPort() + "/";
    }

    /** Base URL of the IMDS-shaped endpoint ({@code /metadata/identity/oauth2/token}). */
    public String imdsUrl() {
        return dataPlaneUrl();
    }

    /** PEM of the certificate the HTTPS listener presents. */
    public Path caCertificate() {
        return tls.certificatePem();
    }

    // ---- the state, for in-process users ----------------------------------------------------------------------

    /** Adds or replaces a configuration (a DesiredConfiguration-shaped object; the name comes from the argument). */
    public synchronized JsonNode putConfiguration(String clusterPath, String name, JsonNode body) {
        ClusterState c = cluster(clusterPath);
        ObjectNode config = body.isObject() ? ((ObjectNode) body).deepCopy() : JSON.createObjectNode();
        config.put("name", name);
        long version = c.configs.containsKey(name) ? c.configs.get(name).path("version").asLong() + 1 : 1;
        config.put("version", version);
        if (!config.hasNonNull("operationId")) {
            config.put("operationId", UUID.randomUUID().toString());
        }
        if (!config.hasNonNull("correlationId")) {
            config.put("correlationId", UUID.randomUUID().toString());
        }
        JsonNode props = config.path("properties");
        if (props.isObject() && props.has("configurationProtectedSettings")) {
            JsonNode ps = ((ObjectNode) props).remove("configurationProtectedSettings");
            if (ps.isObject()) {
                c.pendingSettings.put(name, ps);
                c.deliveredIn.remove(name);
            }
        }
        c.configs.put(name, config);
        c.rawBody = null;
        c.generation++;
        return config;
    }

    public synchronized boolean deleteConfiguration(String clusterPath, String name) {
        ClusterState c = cluster(clusterPath);
        c.pendingSettings.remove(name);
        c.deliveredIn.remove(name);
        boolean removed = c.configs.remove(name) != null;
        if (removed || c.rawBody != null) {
            c.rawBody = null;
            c.generation++;
        }
        return removed;
    }

    /** The configurations of a cluster as the admin sees them: without protected settings. */
    public synchronized List<JsonNode> configurations(String clusterPath) {
        return new ArrayList<>(cluster(clusterPath).configs.values());
    }

    /** The latest status posted for each configuration. */
    public synchronized Map<String, JsonNode> statuses(String clusterPath) {
        return new LinkedHashMap<>(cluster(clusterPath).statuses);
    }

    public synchronized List<JsonNode> statusHistory(String clusterPath) {
        return new ArrayList<>(cluster(clusterPath).statusHistory);
    }

    public synchronized List<JsonNode> heartbeats(String clusterPath) {
        return new ArrayList<>(cluster(clusterPath).heartbeats);
    }

    /** Whether protected settings of that configuration still wait for the agent to acknowledge them. */
    public synchronized boolean protectedSettingsPending(String clusterPath, String name) {
        return cluster(clusterPath).pendingSettings.containsKey(name);
    }

    /** From now on the emulator fails this way only ({@link FailureMode#NONE}: it behaves). */
    public void failure(FailureMode mode, String target) {
        failure(Failure.of(mode, target));
    }

    /** From now on the emulator fails this way only. */
    public void failure(Failure f) {
        failures = f.mode() == FailureMode.NONE ? List.of() : List.of(f);
    }

    /** Fails this way too; where several failures apply to a request, the first added answers it. */
    public synchronized void addFailure(Failure f) {
        List<Failure> all = new ArrayList<>(failures);
        all.add(f);
        failures = List.copyOf(all);
    }

    /** Behaves again. */
    public void heal() {
        failures = List.of();
    }

    /** The mode of the first failure, or NONE. */
    public FailureMode failure() {
        List<Failure> f = failures;
        return f.isEmpty() ? FailureMode.NONE : f.get(0).mode();
    }

    public List<Failure> failures() {
        return failures;
    }

    /** Every exchange with the data plane and the token endpoints, with queries for tests. */
    public Journal journal() {
        return journal;
    }

    /**
     * The served list of a cluster from now on is exactly these entries (DesiredConfiguration objects or JSON trees,
     * written as they are: no version, no protected-settings bookkeeping), under a new ETag, which is returned.
     */
    public String configurations(String clusterPath, List<?> entries) {
        try {
            return rawBody(clusterPath, JSON.writeValueAsString(Map.of("configurations", entries)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the configurations cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The served list body of a cluster from now on is exactly this text (for bodies no object can hold), under a new
     * ETag, which is returned. The next {@link #putConfiguration} or {@link #deleteConfiguration} serves the stored
     * configurations again.
     */
    public synchronized String rawBody(String clusterPath, String body) {
        ClusterState c = cluster(clusterPath);
        c.rawBody = body;
        c.generation++;
        return c.etag();
    }

    /** The token endpoint issues tokens for this client secret (and, once anything is accepted, only for what is). */
    public void acceptClientSecret(String secret) {
        acceptedSecrets.add(secret);
    }

    /** The token endpoint issues tokens for exactly this client assertion (a federated workload-identity token). */
    public void acceptClientAssertion(String assertion) {
        acceptedAssertions.add(assertion);
    }

    /** The token endpoint issues tokens for any signed JWT client assertion (a certificate's). */
    public void acceptSignedAssertion() {
        acceptSignedAssertions = true;
    }

    /** The IMDS endpoint issues tokens for this resource. */
    public void acceptManagedIdentity(String resource) {
        acceptedResources.add(resource);
    }

    private boolean restricted() {
        return acceptSignedAssertions || !acceptedSecrets.isEmpty() || !acceptedAssertions.isEmpty()
                || !acceptedResources.isEmpty();
    }

    /** The token behind an Authorization header, if this emulator issued it. */
    public IssuedToken issued(String authorization) {
        return authorization != null && authorization.startsWith("Bearer ") ? tokens.get(authorization.substring(7)) : null;
    }

    /** The tokens issued so far (the secrets themselves, for tests that look for leaks). */
    public Set<String> issuedTokens() {
        return Set.copyOf(tokens.keySet());
    }

    public synchronized List<JsonNode> tokenRequests() {
        return new ArrayList<>(tokenRequests);
    }

    public synchronized List<JsonNode> requests() {
        return new ArrayList<>(requests);
    }

    /** Issues a token as the token endpoints do, for tests that need one without MSAL. */
    public String issueToken(String kind, String clientId, String resource) {
        String token = "emu-" + HexFormat.of().formatHex(bytes(24));
        tokens.put(token, new IssuedToken(kind, clientId, resource, Instant.now().plusSeconds(3600)));
        return token;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private ClusterState cluster(String clusterPath) {
        return clusters.computeIfAbsent(clusterPath, k -> new ClusterState());
    }

    private static final class ClusterState {
        final Map<String, ObjectNode> configs = new LinkedHashMap<>();
        final Map<String, JsonNode> pendingSettings = new LinkedHashMap<>();
        final Map<String, String> deliveredIn = new LinkedHashMap<>();
        final Map<String, JsonNode> statuses = new LinkedHashMap<>();
        final List<JsonNode> statusHistory = new ArrayList<>();
        final List<JsonNode> heartbeats = new ArrayList<>();
        String rawBody;
        long generation;

        String etag() {
            return "\"g" + generation + "\"";
        }
    }

    // ---- HTTP ------------------------------------------------------------------------------------------------

    private Router router() {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(4 * 1024 * 1024));
        router.route().handler(this::journalled);
        router.getWithRegex("/+metadata/identity/oauth2/token").handler(this::imdsToken);
        router.getWithRegex("/([^/]+)(/v2\\.0)?/\\.well-known/openid-configuration").handler(this::oidcMetadata);
        router.postWithRegex("/([^/]+)/oauth2(/v2\\.0)?/token").handler(this::authorityToken);
        router.route("/admin/*").handler(this::admin);
        router.route("/subscriptions/*").handler(this::dataPlane);
        return router;
    }

    // ---- the journal -------------------------------------------------------------------------------------------

    private static final String ARRIVED = "emulator.arrived";
    private static final String FAILED = "emulator.failed";
    private static final String JOURNALLED = "emulator.journalled";

    /**
     * Journals every request but the admin API's just before its answer's headers go out (so that a client that saw
     * the answer finds it in the journal), or when its connection closes without an answer.
     */
    private void journalled(RoutingContext ctx) {
        if (!ctx.normalizedPath().startsWith("/admin")) {
            ctx.put(ARRIVED, Instant.now());
            ctx.addHeadersEndHandler(v -> journal(ctx, ctx.response().getStatusCode()));
            ctx.addEndHandler(v -> journal(ctx, v.succeeded() ? ctx.response().getStatusCode() : 0));
        }
        ctx.next();
    }

    /** Journals the exchange once: answers that break the connection are journalled before they break it. */
    private void journal(RoutingContext ctx, int status) {
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
        if ((m = STATUS.matcher(path)).matches()) {
            cluster = m.group(1);
            configuration = decode(m.group(6));
        } else if ((m = PENDING.matcher(path)).matches() || (m = HEARTBEAT.matcher(path)).matches()) {
            cluster = m.group(1);
        }
        String body = method.equals("GET")
                ? req.query()
                : ctx.body() == null || ctx.body().length() == 0 ? null : ctx.body().asString();
        journal.add(new Journal.Exchange(ctx.get(ARRIVED), kind, method, path, cluster, configuration, status,
                status == 0 ? null : ctx.response().headers().get("ETag"), req.getHeader("If-None-Match"),
                req.getHeader("Authorization"), body, ctx.get(FAILED)));
    }

    private static Journal.Kind kind(String path) {
        if (PENDING.matcher(path).matches()) {
            return Journal.Kind.POLL;
        } else if (STATUS.matcher(path).matches()) {
            return Journal.Kind.STATUS;
        } else if (HEARTBEAT.matcher(path).matches()) {
            return Journal.Kind.HEARTBEAT;
        } else if (path.contains("/oauth2/") && path.endsWith("/token")) {
            return Journal.Kind.TOKEN;
        }
        return Journal.Kind.OTHER;
    }

    // ---- failures ----------------------------------------------------------------------------------------------

    /** The failure that answers a request of this kind, or null. The token endpoints are down while any says so. */
    private Failure failureFor(Journal.Kind kind, String configuration) {
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
    private void answerOrFail(RoutingContext ctx, Journal.Kind kind, String configuration, String goodBody,
            Runnable answer) {
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
            Duration delay = f.delay() != null ? f.delay() : options.timeoutAfter();
            vertx.setTimer(Math.max(1, delay.toMillis()), id -> answer.run());
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
                journal(ctx, 0);
                vertx.setTimer(options.timeoutAfter().toMillis(), id -> ctx.request().connection().close());
            }
            case SLOW_BODY -> {
                journal(ctx, 200);
                dribble(r, list.getBytes(StandardCharsets.UTF_8), 5, options.timeoutAfter());
            }
            case MALFORMED_JSON -> text(r, 200, "application/json", "\"malformed\"", "{\"configurations\": [ {\"name\": ");
            case TRUNCATED_BODY -> {
                journal(ctx, 200);
                byte[] bytes = list.getBytes(StandardCharsets.UTF_8);
                r.setStatusCode(200).putHeader("Content-Type", "application/json").putHeader("ETag", "\"truncated\"")
                        .putHeader("Content-Length", String.valueOf(bytes.length));
                r.write(Buffer.buffer(java.util.Arrays.copyOf(bytes, bytes.length / 2)))
                        .onComplete(x -> ctx.request().connection().close());
            }
            case BROKEN_CHUNK -> {
                journal(ctx, 200);
                raw(ctx, ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "not-hex\r\n{\"configurations\":\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            case CONNECTION_RESET -> {
                journal(ctx, 0);
                Channel channel = channel(ctx);
                // linger 0: close() sends RST instead of FIN
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
                channel.close();
            }
            case EMPTY_RESPONSE -> {
                journal(ctx, 0);
                ctx.request().connection().close();
            }
            case RANDOM_DATA -> {
                journal(ctx, 0);
                raw(ctx, bytes(256));
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
    private static String edited(String list, java.util.function.Consumer<ArrayNode> edit) {
        try {
            JsonNode root = JSON.readTree(list);
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
        vertx.setPeriodic(every, id -> {
            if (r.closed() || r.ended()) {
                vertx.cancelTimer(id);
                return;
            }
            int end = Math.min(body.length, sent[0] + size);
            Buffer piece = Buffer.buffer(java.util.Arrays.copyOfRange(body, sent[0], end));
            sent[0] = end;
            if (end >= body.length) {
                vertx.cancelTimer(id);
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

    // ---- the data plane ----------------------------------------------------------------------------------------

    private void dataPlane(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        IssuedToken token = issued(ctx.request().getHeader("Authorization"));
        boolean authorized = !options.requireToken() || (token != null && token.expiresAt().isAfter(Instant.now()));
        ctx.addEndHandler(v -> record(ctx, path, token == null ? null : token.kind()));
        String method = ctx.request().method().name();
        Matcher m;
        if ((m = PENDING.matcher(path)).matches() && method.equals("GET")) {
            String clusterPath = m.group(1);
            String goodBody = authorized ? pendingBody(clusterPath, ctx) : null;
            answerOrFail(ctx, Journal.Kind.POLL, null, goodBody, () -> list(ctx, clusterPath, authorized, goodBody));
        } else if ((m = STATUS.matcher(path)).matches() && method.equals("POST")) {
            String clusterPath = m.group(1);
            String name = decode(m.group(6));
            answerOrFail(ctx, Journal.Kind.STATUS, name, null, () -> store(ctx, authorized, body -> {
                if (body == null || !name.equals(body.path("name").asText())) {
                    return "the body must be a ConfigurationStatus whose name is " + name;
                }
                ClusterState c = cluster(clusterPath);
                c.statuses.put(name, body);
                add(c.statusHistory, body);
                return null;
            }));
        } else if ((m = HEARTBEAT.matcher(path)).matches() && method.equals("POST")) {
            String clusterPath = m.group(1);
            answerOrFail(ctx, Journal.Kind.HEARTBEAT, null, null, () -> store(ctx, authorized, body -> {
                add(cluster(clusterPath).heartbeats, body == null ? JSON.createObjectNode() : body);
                return null;
            }));
        } else {
            json(ctx.response().setStatusCode(404), ErrorResponse.of("NotFound", "no such data-plane path"));
        }
    }

    /** The answer to a poll: 304 when the client has the current list, else the list with its ETag. */
    private void list(RoutingContext ctx, String clusterPath, boolean authorized, String goodBody) {
        if (!authorized) {
            unauthorized(ctx);
            return;
        }
        String etag;
        synchronized (this) {
            etag = cluster(clusterPath).etag();
        }
        if (etag.equals(ctx.request().getHeader("If-None-Match"))) {
            ctx.response().setStatusCode(304).putHeader("ETag", etag).end();
            return;
        }
        ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json").putHeader("ETag", etag)
                .end(goodBody);
    }

    /** A post the data plane keeps: 401 without a token, 400 when {@code store} names a problem, else 200. */
    private void store(RoutingContext ctx, boolean authorized, java.util.function.Function<JsonNode, String> store) {
        if (!authorized) {
            unauthorized(ctx);
            return;
        }
        String problem;
        synchronized (this) {
            problem = store.apply(body(ctx));
        }
        if (problem != null) {
            json(ctx.response().setStatusCode(400), ErrorResponse.of("InvalidStatus", problem));
            return;
        }
        ctx.response().setStatusCode(200).end();
    }

    /** The getPendingConfigs body; acknowledges protected settings of the answer the client says it applied. */
    private synchronized String pendingBody(String clusterPath, RoutingContext ctx) {
        ClusterState c = cluster(clusterPath);
        if (c.rawBody != null) {
            return c.rawBody;
        }
        String inm = ctx.request().getHeader("If-None-Match");
        if (inm != null) {
            c.deliveredIn.entrySet().removeIf(e -> {
                if (e.getValue().equals(inm)) {
                    c.pendingSettings.remove(e.getKey());
                    return true;
                }
                return false;
            });
        }
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("configurations");
        c.configs.forEach((name, config) -> {
            ObjectNode copy = config.deepCopy();
            JsonNode ps = c.pendingSettings.get(name);
            if (ps != null && copy.path("properties").isObject()) {
                ((ObjectNode) copy.get("properties")).set("configurationProtectedSettings", ps);
                c.deliveredIn.put(name, c.etag());
            }
            list.add(copy);
        });
        return root.toString();
    }

    // ---- the token endpoints -----------------------------------------------------------------------------------

    private void imdsToken(RoutingContext ctx) {
        answerOrFail(ctx, Journal.Kind.TOKEN, null, null, () -> {
            String resource = ctx.request().getParam("resource");
            if (!"true".equals(ctx.request().getHeader("Metadata")) || resource == null) {
                json(ctx.response().setStatusCode(400), Map.of("error", "invalid_request", "error_description",
                        "the Metadata: true header and the resource parameter are required"));
                return;
            }
            if (restricted() && !acceptedResources.contains(resource)) {
                json(ctx.response().setStatusCode(400), Map.of("error", "invalid_resource", "error_description",
                        "no managed identity is allowed for the resource " + resource));
                return;
            }
            String clientId = ctx.request().getParam("client_id");
            String token = issueToken("managed-identity", clientId, resource);
            recordToken("managed-identity", clientId, resource);
            long expiresOn = Instant.now().plusSeconds(3600).getEpochSecond();
            json(ctx.response().setStatusCode(200), Map.of("access_token", token, "expires_on", String.valueOf(expiresOn),
                    "expires_in", "3600", "resource", resource, "token_type", "Bearer"));
        });
    }

    private void oidcMetadata(RoutingContext ctx) {
        String tenant = ctx.pathParam("param0");
        String base = "https://localhost:" + httpsPort() + "/" + tenant;
        json(ctx.response().setStatusCode(200), Map.of("issuer", base + "/v2.0", "token_endpoint",
                base + "/oauth2/v2.0/token", "authorization_endpoint", base + "/oauth2/v2.0/authorize", "jwks_uri",
                base + "/discovery/v2.0/keys", "response_types_supported", List.of("code", "token"),
                "grant_types_supported", List.of("client_credentials"), "token_endpoint_auth_methods_supported",
                List.of("client_secret_post", "private_key_jwt")));
    }

    private void authorityToken(RoutingContext ctx) {
        answerOrFail(ctx, Journal.Kind.TOKEN, null, null, () -> {
            var form = ctx.request().formAttributes();
            String clientId = form.get("client_id");
            String grant = form.get("grant_type");
            String secret = form.get("client_secret");
            String assertion = form.get("client_assertion");
            String kind;
            if (secret != null && !secret.isEmpty()) {
                kind = "client-secret";
            } else if (assertion != null && assertion.split("\\.").length == 3) {
                kind = assertionHeader(assertion).contains("x5t") ? "client-certificate" : "client-assertion";
            } else {
                kind = null;
            }
            if (!"client_credentials".equals(grant) || clientId == null || kind == null) {
                json(ctx.response().setStatusCode(400), Map.of("error", "invalid_request", "error_description",
                        "AADSTS900144: client_credentials with client_id and a client secret or a JWT client assertion"));
                return;
            }
            if (restricted() && !(kind.equals("client-secret")
                    ? acceptedSecrets.contains(secret)
                    : acceptedAssertions.contains(assertion) || (acceptSignedAssertions && signed(assertion)))) {
                json(ctx.response().setStatusCode(401), Map.of("error", "invalid_client", "error_description",
                        "AADSTS7000215: the " + kind + " credential is not accepted"));
                return;
            }
            String scope = form.get("scope");
            String token = issueToken(kind, clientId, scope);
            recordToken(kind, clientId, scope);
            json(ctx.response().setStatusCode(200),
                    Map.of("token_type", "Bearer", "expires_in", 3599, "ext_expires_in", 3599, "access_token", token));
        });
    }

    /** A JWT with a signing algorithm and a signature (not checked: the emulator holds no client's key). */
    private static boolean signed(String jwt) {
        String[] parts = jwt.split("\\.");
        String header = assertionHeader(jwt);
        return parts.length == 3 && !parts[2].isEmpty() && header.contains("\"alg\"") && !header.contains("\"none\"");
    }

    private static String assertionHeader(String jwt) {
        try {
            return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private void admin(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        String method = ctx.request().method().name();
        Matcher m;
        try {
            if (path.equals("/admin/info")) {
                json(ctx.response(), Map.of("dataPlane", dataPlaneUrl(), "authority", authorityUrl(), "imds", imdsUrl(),
                        "caFile", caCertificate().toString(), "admin", dataPlaneUrl() + "/admin"));
            } else if (path.equals("/admin/failure")) {
                if (method.equals("PUT") || method.equals("POST")) {
                    JsonNode body = body(ctx);
                    if (body == null) {
                        throw new IllegalArgumentException("a JSON object with mode and target is required");
                    }
                    String delay = body.path("delay").asText(null);
                    failure(new Failure(FailureMode.valueOf(body.path("mode").asText("NONE")),
                            body.path("target").asText("data-plane"), body.path("retryAfter").asText(null),
                            delay == null ? null : Duration.parse("PT" + delay.toUpperCase())));
                }
                List<Failure> all = failures;
                json(ctx.response(), Map.of("mode", failure().name(), "target",
                        all.isEmpty() ? "data-plane" : all.get(0).target()));
            } else if (path.equals("/admin/token-requests")) {
                json(ctx.response(), tokenRequests());
            } else if (path.equals("/admin/requests")) {
                json(ctx.response(), requests());
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
                        json(ctx.response(), putConfiguration(m.group(1), name, body));
                    }
                    case "DELETE" -> ctx.response().setStatusCode(deleteConfiguration(m.group(1), name) ? 200 : 404).end();
                    default -> {
                        JsonNode c = configurations(m.group(1)).stream().filter(x -> name.equals(x.path("name").asText()))
                                .findFirst().orElse(null);
                        if (c == null) {
                            ctx.response().setStatusCode(404).end();
                        } else {
                            json(ctx.response(), c);
                        }
                    }
                }
            } else if ((m = ADMIN_CLUSTER.matcher(path)).matches()) {
                switch (m.group(6)) {
                    case "configurations" -> json(ctx.response(), configurations(m.group(1)));
                    case "statuses" -> json(ctx.response(), statuses(m.group(1)));
                    case "status-history" -> json(ctx.response(), statusHistory(m.group(1)));
                    default -> json(ctx.response(), heartbeats(m.group(1)));
                }
            } else {
                ctx.response().setStatusCode(404).end();
            }
        } catch (IllegalArgumentException e) {
            json(ctx.response().setStatusCode(400), ErrorResponse.of("BadRequest", e.getMessage()));
        }
    }

    /**
     * One data-plane request in the log, with its size on the wire as HTTP/1.1 writes it (request line or status line,
     * headers and body; TLS framing not counted).
     */
    private synchronized void record(RoutingContext ctx, String path, String tokenKind) {
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

    private synchronized void recordToken(String kind, String clientId, String resource) {
        ObjectNode r = JSON.createObjectNode().put("time", Instant.now().toString()).put("kind", kind);
        if (clientId != null) {
            r.put("clientId", clientId);
        }
        if (resource != null) {
            r.put("resource", resource);
        }
        add(tokenRequests, r);
    }

    private static <T> void add(List<T> list, T item) {
        list.add(item);
        if (list.size() > HISTORY) {
            list.remove(0);
        }
    }

    private void unauthorized(RoutingContext ctx) {
        json(ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer"),
                ErrorResponse.of("Unauthorized", "a bearer token issued by this emulator is required"));
    }

    private static JsonNode body(RoutingContext ctx) {
        try {
            return ctx.body() == null || ctx.body().length() == 0 ? null : JSON.readTree(ctx.body().asString());
        } catch (Exception e) {
            return null;
        }
    }

    private static void json(HttpServerResponse r, Object body) {
        try {
            r.putHeader("Content-Type", "application/json").end(JSON.writeValueAsString(body));
        } catch (Exception e) {
            r.setStatusCode(500).end();
        }
    }

    private static String decode(String segment) {
        return java.net.URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }

    /** The cluster path the agent uses for these identity settings (see {@link DataPlanePaths#clusterPath}). */
    public static String clusterPath(String subscription, String resourceGroup, String resourceProvider, String clusterType,
            String cluster) {
        return DataPlanePaths.clusterPath(subscription, resourceGroup, resourceProvider, clusterType, cluster);
    }

    /**
     * Runs the emulator as a process: {@code --port N --https-port N --host H --state-dir DIR --timeout-after 60s}; prints
     * one JSON line with its URLs and the CA file, then serves until killed.
     */
    public static void main(String[] args) throws Exception {
        Options o = Options.defaults();
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            o = switch (args[i]) {
                case "--port" -> o.withPorts(Integer.parseInt(v), o.httpsPort());
                case "--https-port" -> o.withPorts(o.port(), Integer.parseInt(v));
                case "--host" -> new Options(v, o.port(), o.httpsPort(), o.stateDir(), o.timeoutAfter(), o.requireToken());
                case "--state-dir" -> o.withStateDir(Path.of(v));
                case "--timeout-after" -> o.withTimeoutAfter(Duration.parse("PT" + v.toUpperCase()));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; known: --port --https-port --host --state-dir --timeout-after");
            };
        }
        DataPlaneEmulator emulator = new DataPlaneEmulator(o).start();
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
        System.out.println(JSON.writeValueAsString(Map.of("dataPlane", emulator.dataPlaneUrl(), "authority",
                emulator.authorityUrl(), "imds", emulator.imdsUrl(), "caFile", emulator.caCertificate().toString(),
                "admin", emulator.dataPlaneUrl() + "/admin")));
        System.out.flush();
        Thread.currentThread().join();
    }
}
