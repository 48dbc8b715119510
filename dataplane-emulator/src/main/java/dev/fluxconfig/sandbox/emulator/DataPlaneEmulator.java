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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.PfxOptions;
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
    private volatile FailureMode failure = FailureMode.NONE;
    private volatile String failureTarget = "data-plane";
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
        c.generation++;
        return config;
    }

    public synchronized boolean deleteConfiguration(String clusterPath, String name) {
        ClusterState c = cluster(clusterPath);
        c.pendingSettings.remove(name);
        c.deliveredIn.remove(name);
        boolean removed = c.configs.remove(name) != null;
        if (removed) {
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

    public void failure(FailureMode mode, String target) {
        this.failure = mode == null ? FailureMode.NONE : mode;
        this.failureTarget = target == null ? "data-plane" : target;
    }

    public FailureMode failure() {
        return failure;
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
        long generation;

        String etag() {
            return "\"g" + generation + "\"";
        }
    }

    // ---- HTTP ------------------------------------------------------------------------------------------------

    private Router router() {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(4 * 1024 * 1024));
        router.getWithRegex("/+metadata/identity/oauth2/token").handler(this::imdsToken);
        router.getWithRegex("/([^/]+)(/v2\\.0)?/\\.well-known/openid-configuration").handler(this::oidcMetadata);
        router.postWithRegex("/([^/]+)/oauth2(/v2\\.0)?/token").handler(this::authorityToken);
        router.route("/admin/*").handler(this::admin);
        router.route("/subscriptions/*").handler(this::dataPlane);
        return router;
    }

    private boolean failing(String target) {
        return failure != FailureMode.NONE && ("all".equals(failureTarget) || target.equals(failureTarget));
    }

    /** Answers as the failure mode says; true when it did. */
    private boolean misbehave(RoutingContext ctx, String target, String goodBody) {
        if (!failing(target)) {
            return false;
        }
        HttpServerResponse r = ctx.response();
        switch (failure) {
            case HTTP_500 -> json(r.setStatusCode(500), ErrorResponse.of("InternalServerError", "emulated failure"));
            case HTTP_401 -> json(r.setStatusCode(401), ErrorResponse.of("Unauthorized", "emulated failure"));
            case TIMEOUT -> vertx.setTimer(options.timeoutAfter().toMillis(), id -> ctx.request().connection().close());
            case MALFORMED_JSON -> r.setStatusCode(200).putHeader("Content-Type", "application/json")
                    .putHeader("ETag", "\"malformed\"").end("{\"configurations\": [ {\"name\": ");
            case TRUNCATED_BODY -> {
                String body = goodBody == null ? "{\"configurations\":[]}" : goodBody;
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                r.setStatusCode(200).putHeader("Content-Type", "application/json").putHeader("ETag", "\"truncated\"")
                        .putHeader("Content-Length", String.valueOf(bytes.length));
                r.write(Buffer.buffer(java.util.Arrays.copyOf(bytes, bytes.length / 2)))
                        .onComplete(x -> ctx.request().connection().close());
            }
            case NONE -> {
                return false;
            }
        }
        return true;
    }

    private void dataPlane(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        String auth = ctx.request().getHeader("Authorization");
        IssuedToken token = auth != null && auth.startsWith("Bearer ") ? tokens.get(auth.substring(7)) : null;
        boolean authorized = !options.requireToken() || (token != null && token.expiresAt().isAfter(Instant.now()));
        ctx.addEndHandler(v -> record(ctx, path, token == null ? null : token.kind()));
        Matcher m;
        if ((m = PENDING.matcher(path)).matches() && ctx.request().method().name().equals("GET")) {
            String goodBody = authorized ? pendingBody(m.group(1), ctx) : null;
            if (misbehave(ctx, "data-plane", goodBody)) {
                return;
            }
            if (!authorized) {
                unauthorized(ctx);
                return;
            }
            ClusterState c = cluster(m.group(1));
            synchronized (this) {
                String inm = ctx.request().getHeader("If-None-Match");
                if (inm != null && inm.equals(c.etag())) {
                    ctx.response().setStatusCode(304).end();
                    return;
                }
            }
            ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                    .putHeader("ETag", cluster(m.group(1)).etag()).end(goodBody);
        } else if ((m = STATUS.matcher(path)).matches() && ctx.request().method().name().equals("POST")) {
            if (misbehave(ctx, "data-plane", null)) {
                return;
            }
            if (!authorized) {
                unauthorized(ctx);
                return;
            }
            JsonNode body = body(ctx);
            String name = decode(m.group(6));
            if (body == null || !name.equals(body.path("name").asText())) {
                json(ctx.response().setStatusCode(400), ErrorResponse.of("InvalidStatus",
                        "the body must be a ConfigurationStatus whose name is " + name));
                return;
            }
            synchronized (this) {
                ClusterState c = cluster(m.group(1));
                c.statuses.put(name, body);
                add(c.statusHistory, body);
            }
            ctx.response().setStatusCode(200).end();
        } else if ((m = HEARTBEAT.matcher(path)).matches() && ctx.request().method().name().equals("POST")) {
            if (misbehave(ctx, "data-plane", null)) {
                return;
            }
            if (!authorized) {
                unauthorized(ctx);
                return;
            }
            JsonNode body = body(ctx);
            synchronized (this) {
                add(cluster(m.group(1)).heartbeats, body == null ? JSON.createObjectNode() : body);
            }
            ctx.response().setStatusCode(200).end();
        } else {
            json(ctx.response().setStatusCode(404), ErrorResponse.of("NotFound", "no such data-plane path"));
        }
    }

    /** The getPendingConfigs body; acknowledges protected settings of the answer the client says it applied. */
    private synchronized String pendingBody(String clusterPath, RoutingContext ctx) {
        ClusterState c = cluster(clusterPath);
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

    private void imdsToken(RoutingContext ctx) {
        if (misbehave(ctx, "token", null)) {
            return;
        }
        String resource = ctx.request().getParam("resource");
        if (!"true".equals(ctx.request().getHeader("Metadata")) || resource == null) {
            json(ctx.response().setStatusCode(400), Map.of("error", "invalid_request", "error_description",
                    "the Metadata: true header and the resource parameter are required"));
            return;
        }
        String clientId = ctx.request().getParam("client_id");
        String token = issueToken("managed-identity", clientId, resource);
        recordToken("managed-identity", clientId, resource);
        long expiresOn = Instant.now().plusSeconds(3600).getEpochSecond();
        json(ctx.response().setStatusCode(200), Map.of("access_token", token, "expires_on", String.valueOf(expiresOn),
                "expires_in", "3600", "resource", resource, "token_type", "Bearer"));
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
        if (misbehave(ctx, "token", null)) {
            return;
        }
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
        String scope = form.get("scope");
        String token = issueToken(kind, clientId, scope);
        recordToken(kind, clientId, scope);
        json(ctx.response().setStatusCode(200),
                Map.of("token_type", "Bearer", "expires_in", 3599, "ext_expires_in", 3599, "access_token", token));
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
                    failure(FailureMode.valueOf(body.path("mode").asText("NONE")), body.path("target").asText("data-plane"));
                }
                json(ctx.response(), Map.of("mode", failure.name(), "target", failureTarget));
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
