package dev.fluxconfig.sandbox.emulator;

import static dev.fluxconfig.sandbox.emulator.Http.JSON;
import static dev.fluxconfig.sandbox.emulator.Http.add;
import static dev.fluxconfig.sandbox.emulator.Http.body;
import static dev.fluxconfig.sandbox.emulator.Http.decode;
import static dev.fluxconfig.sandbox.emulator.Http.json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
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
 * <p>
 * This class starts the listeners and routes; the journal and request log are kept by {@link Recorder}, the cluster state is in {@link ClusterStates}, the token
 * endpoints in {@link TokenService}, the failures in {@link FailureInjector}, the admin API in {@link AdminApi}.
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

    static final String CLUSTER = "/subscriptions/([^/]+)/resourceGroups/([^/]+)/provider/([^/]+)/clusters/([^/]+)";
    static final Pattern PENDING = Pattern.compile("^(" + CLUSTER + ")/configurations/getPendingConfigs$");
    static final Pattern STATUS = Pattern.compile("^(" + CLUSTER + ")/configurations/([^/]+)/status$");
    static final Pattern HEARTBEAT = Pattern.compile("^(" + CLUSTER + ")/heartbeat$");

    private final Options options;
    private final ClusterStates state = new ClusterStates();
    private final Recorder recorder = new Recorder();
    private final FailureInjector failures;
    private final TokenService tokens;
    private Vertx vertx;
    private HttpServer http;
    private HttpServer https;
    private SelfSignedTls tls;

    public DataPlaneEmulator(Options options) {
        this.options = options;
        this.failures = new FailureInjector(() -> vertx, options.timeoutAfter(), recorder::journal);
        this.tokens = new TokenService(failures, this::httpsPort);
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
    public JsonNode putConfiguration(String clusterPath, String name, JsonNode body) {
        return state.put(clusterPath, name, body);
    }

    public boolean deleteConfiguration(String clusterPath, String name) {
        return state.delete(clusterPath, name);
    }

    /** The configurations of a cluster as the admin sees them: without protected settings. */
    public List<JsonNode> configurations(String clusterPath) {
        return state.configurations(clusterPath);
    }

    /** The latest status posted for each configuration. */
    public Map<String, JsonNode> statuses(String clusterPath) {
        return state.statuses(clusterPath);
    }

    public List<JsonNode> statusHistory(String clusterPath) {
        return state.statusHistory(clusterPath);
    }

    public List<JsonNode> heartbeats(String clusterPath) {
        return state.heartbeats(clusterPath);
    }

    /** Whether protected settings of that configuration still wait for the agent to acknowledge them. */
    public boolean protectedSettingsPending(String clusterPath, String name) {
        return state.protectedSettingsPending(clusterPath, name);
    }

    /** From now on the emulator fails this way only ({@link FailureMode#NONE}: it behaves). */
    public void failure(FailureMode mode, String target) {
        failure(Failure.of(mode, target));
    }

    /** From now on the emulator fails this way only. */
    public void failure(Failure f) {
        failures.set(f);
    }

    /** Fails this way too; where several failures apply to a request, the first added answers it. */
    public void addFailure(Failure f) {
        failures.add(f);
    }

    /** Behaves again. */
    public void heal() {
        failures.heal();
    }

    /** The mode of the first failure, or NONE. */
    public FailureMode failure() {
        List<Failure> f = failures.failures();
        return f.isEmpty() ? FailureMode.NONE : f.get(0).mode();
    }

    public List<Failure> failures() {
        return failures.failures();
    }

    /** Every exchange with the data plane and the token endpoints, with queries for tests. */
    public Journal journal() {
        return recorder.journal();
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
    public String rawBody(String clusterPath, String body) {
        return state.rawBody(clusterPath, body);
    }

    /** The token endpoint issues tokens for this client secret (and, once anything is accepted, only for what is). */
    public void acceptClientSecret(String secret) {
        tokens.acceptClientSecret(secret);
    }

    /** The token endpoint issues tokens for exactly this client assertion (a federated workload-identity token). */
    public void acceptClientAssertion(String assertion) {
        tokens.acceptClientAssertion(assertion);
    }

    /** The token endpoint issues tokens for any signed JWT client assertion (a certificate's). */
    public void acceptSignedAssertion() {
        tokens.acceptSignedAssertion();
    }

    /** The IMDS endpoint issues tokens for this resource. */
    public void acceptManagedIdentity(String resource) {
        tokens.acceptManagedIdentity(resource);
    }

    /** The token behind an Authorization header, if this emulator issued it. */
    public IssuedToken issued(String authorization) {
        return tokens.issued(authorization);
    }

    /** The tokens issued so far (the secrets themselves, for tests that look for leaks). */
    public Set<String> issuedTokens() {
        return tokens.issuedTokens();
    }

    public List<JsonNode> tokenRequests() {
        return tokens.tokenRequests();
    }

    public List<JsonNode> requests() {
        return recorder.requests();
    }

    /** Issues a token as the token endpoints do, for tests that need one without MSAL. */
    public String issueToken(String kind, String clientId, String resource) {
        return tokens.issueToken(kind, clientId, resource);
    }

    // ---- HTTP ------------------------------------------------------------------------------------------------

    private Router router() {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(4 * 1024 * 1024));
        router.route().handler(recorder::journalled);
        router.getWithRegex("/+metadata/identity/oauth2/token").handler(tokens::imdsToken);
        router.getWithRegex("/([^/]+)(/v2\\.0)?/\\.well-known/openid-configuration").handler(tokens::oidcMetadata);
        router.postWithRegex("/([^/]+)/oauth2(/v2\\.0)?/token").handler(tokens::authorityToken);
        router.route("/admin/*").handler(new AdminApi(this)::handle);
        router.route("/subscriptions/*").handler(this::dataPlane);
        return router;
    }

    // ---- the data plane ----------------------------------------------------------------------------------------

    private void dataPlane(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        IssuedToken token = issued(ctx.request().getHeader("Authorization"));
        boolean authorized = !options.requireToken() || (token != null && token.expiresAt().isAfter(Instant.now()));
        ctx.addEndHandler(v -> recorder.record(ctx, path, token == null ? null : token.kind()));
        String method = ctx.request().method().name();
        Matcher m;
        if ((m = PENDING.matcher(path)).matches() && method.equals("GET")) {
            String clusterPath = m.group(1);
            String goodBody = authorized ? state.pendingBody(clusterPath, ctx.request().getHeader("If-None-Match")) : null;
            failures.answerOrFail(ctx, Journal.Kind.POLL, null, goodBody, () -> list(ctx, clusterPath, authorized, goodBody));
        } else if ((m = STATUS.matcher(path)).matches() && method.equals("POST")) {
            String clusterPath = m.group(1);
            String name = decode(m.group(6));
            failures.answerOrFail(ctx, Journal.Kind.STATUS, name, null,
                    () -> store(ctx, authorized, body -> state.postStatus(clusterPath, name, body)));
        } else if ((m = HEARTBEAT.matcher(path)).matches() && method.equals("POST")) {
            String clusterPath = m.group(1);
            failures.answerOrFail(ctx, Journal.Kind.HEARTBEAT, null, null, () -> store(ctx, authorized, body -> {
                state.postHeartbeat(clusterPath, body);
                return null;
            }));
        } else {
            json(ctx.response().setStatusCode(404), ErrorResponse.of("NotFound", "no such data-plane path"));
        }
    }

    /** The answer to a poll: 304 when the client has the current list, else the list with its ETag. */
    private void list(RoutingContext ctx, String clusterPath, boolean authorized, String goodBody) {
        if (!authorized) {
            Http.unauthorized(ctx);
            return;
        }
        String etag = state.etag(clusterPath);
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
            Http.unauthorized(ctx);
            return;
        }
        String problem = store.apply(body(ctx));
        if (problem != null) {
            json(ctx.response().setStatusCode(400), ErrorResponse.of("InvalidStatus", problem));
            return;
        }
        ctx.response().setStatusCode(200).end();
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
