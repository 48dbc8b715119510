package dev.fluxconfig.agent.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.*;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import dev.fluxconfig.model.dataplane.DataPlanePaths;
import dev.fluxconfig.sandbox.emulator.SelfSignedTls;

/**
 * A test-local stand-in for Azure, on WireMock: the data plane (HTTP) with ETags, failure modes and recorded posts, an
 * Azure-AD-shaped authority (HTTPS, self-signed certificate) and an IMDS-shaped endpoint. The data plane accepts only
 * the bearer token its token endpoints issued.
 */
public class FakeAzure {

    public static final String SUBSCRIPTION = "00000000-0000-0000-0000-0000000000aa";
    public static final String RESOURCE_GROUP = "rg-agent-test";
    public static final String CLUSTER = "cluster-1";
    public static final String TENANT = "tenant-1";
    public static final String CLIENT_ID = "client-id-1";
    public static final String SCOPE = "https://dp.fluxconfig.test/.default";
    public static final String CLUSTER_PATH = DataPlanePaths.clusterPath(SUBSCRIPTION, RESOURCE_GROUP,
            "Microsoft.Kubernetes", "connectedClusters", CLUSTER);

    /** How the data plane breaks when told to. */
    public enum Failure {
        HTTP_500, HTTP_401, TIMEOUT, MALFORMED_JSON, TRUNCATED_BODY, BROKEN_CHUNK, NO_CONFIGURATIONS_FIELD,
        /** 503 with an HTML page, as a gateway answers. */
        HTTP_503_HTML,
        /** 429 with Retry-After. */
        HTTP_429, HTTP_403,
        /** The data plane refuses the token and the token endpoint is down, so no new token can be had. */
        TOKEN_ENDPOINT_DOWN, CONNECTION_RESET, EMPTY_RESPONSE, RANDOM_DATA,
        /** Headers at once, then the body dribbles in slower than the agent's timeout. */
        SLOW_BODY,
        /** 200 with an HTML page (a captive portal or a misrouted proxy). */
        WRONG_CONTENT_TYPE, EMPTY_BODY, NULL_BODY,
        /** The current list, but the first configuration is invalid (an unknown source kind). */
        INVALID_ENTRY,
        /** The current list's entries without their properties. */
        MISSING_FIELDS,
        /** The current list without its last entry, plus an entry without a name: not authoritative, nothing is deleted. */
        NAMELESS_ENTRY
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;
    private final String token = "tok-" + UUID.randomUUID();
    private final AtomicInteger version = new AtomicInteger();
    private final Path caPem;
    private List<StubMapping> failure = List.of();
    private final java.util.Map<Failure, java.util.Set<UUID>> failureStubs = new java.util.concurrent.ConcurrentHashMap<>();
    private List<StubMapping> listStubs = List.of();
    private volatile String lastBody;

    public FakeAzure(Path dir) throws Exception {
        SelfSignedTls tls = SelfSignedTls.in(dir);
        Path keystore = tls.keystore();
        caPem = tls.certificatePem();
        server = new WireMockServer(com.github.tomakehurst.wiremock.core.WireMockConfiguration.options()
                .bindAddress("127.0.0.1").dynamicPort().dynamicHttpsPort().keystorePath(keystore.toString())
                .keystorePassword(SelfSignedTls.PASSWORD).keyManagerPassword(SelfSignedTls.PASSWORD).keystoreType("PKCS12")
                .containerThreads(20));
        server.start();
        // anything not matched below: the data plane refuses it
        server.stubFor(any(anyUrl()).atPriority(100).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"Unauthorized\",\"message\":\"no valid token\"}}")));
        server.stubFor(authorized(post(urlPathMatching(CLUSTER_PATH + "/configurations/[^/]+/status"))).atPriority(10)
                .willReturn(aResponse().withStatus(200)));
        server.stubFor(authorized(post(urlPathEqualTo(CLUSTER_PATH + "/heartbeat"))).atPriority(10)
                .willReturn(aResponse().withStatus(200)));
        server.stubFor(get(urlPathEqualTo("/" + TENANT + "/v2.0/.well-known/openid-configuration")).atPriority(10)
                .willReturn(okJson("{\"issuer\":\"" + authority() + TENANT + "/v2.0\",\"token_endpoint\":\"" + authority()
                        + TENANT + "/oauth2/v2.0/token\"}")));
        configurations(List.of());
    }

    public String token() {
        return token;
    }

    public String dataPlaneEndpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    public String authority() {
        return "https://localhost:" + server.httpsPort() + "/";
    }

    public String imdsEndpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    public Path caPem() {
        return caPem;
    }

    public WireMockServer server() {
        return server;
    }

    /** The token endpoint issues {@link #token()} for a client secret. */
    public void acceptClientSecret(String secret) {
        server.stubFor(post(urlPathEqualTo("/" + TENANT + "/oauth2/v2.0/token")).atPriority(5)
                .withRequestBody(containing("grant_type=client_credentials"))
                .withRequestBody(containing("client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8)))
                .willReturn(tokenResponse()));
    }

    /** The token endpoint issues {@link #token()} for exactly this client assertion (workload identity). */
    public void acceptClientAssertion(String assertion) {
        server.stubFor(post(urlPathEqualTo("/" + TENANT + "/oauth2/v2.0/token")).atPriority(5)
                .withRequestBody(containing("client_assertion_type="))
                .withRequestBody(containing("client_assertion=" + URLEncoder.encode(assertion, StandardCharsets.UTF_8)))
                .willReturn(tokenResponse()));
    }

    /** The token endpoint issues {@link #token()} for any JWT client assertion (a certificate-signed one). */
    public void acceptSignedAssertion() {
        server.stubFor(post(urlPathEqualTo("/" + TENANT + "/oauth2/v2.0/token")).atPriority(5)
                .withRequestBody(containing("client_assertion_type="))
                .withRequestBody(matching(".*client_assertion=eyJ[A-Za-z0-9_-]+\\.eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+.*"))
                .willReturn(tokenResponse()));
    }

    /** The IMDS endpoint issues {@link #token()} for this resource. */
    public void acceptManagedIdentity(String resource) {
        long expires = Instant.now().getEpochSecond() + 3600;
        server.stubFor(get(urlPathMatching("/+metadata/identity/oauth2/token")).atPriority(5)
                .withHeader("Metadata", equalTo("true")).withQueryParam("resource", equalTo(resource))
                .willReturn(okJson("{\"access_token\":\"" + token + "\",\"expires_on\":\"" + expires
                        + "\",\"expires_in\":\"3600\",\"resource\":\"" + resource + "\",\"token_type\":\"Bearer\"}")));
    }

    private com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder tokenResponse() {
        return okJson("{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,\"access_token\":\"" + token
                + "\"}");
    }

    private MappingBuilder authorized(MappingBuilder b) {
        return b.withHeader("Authorization", equalTo("Bearer " + token));
    }

    /** The desired list from now on, under a new ETag. */
    public synchronized void configurations(List<?> configs) throws Exception {
        String etag = "\"v" + version.incrementAndGet() + "\"";
        // entries are DesiredConfigurations, or raw JSON for what a DTO cannot hold
        String body = JSON.writeValueAsString(java.util.Map.of("configurations", configs));
        lastBody = body;
        listStubs.forEach(server::removeStub);
        String path = DataPlanePaths.pendingConfigs(CLUSTER_PATH);
        StubMapping notModified = server.stubFor(authorized(get(urlPathEqualTo(path)))
                .withHeader("If-None-Match", equalTo(etag)).atPriority(3).willReturn(aResponse().withStatus(304)));
        StubMapping list = server.stubFor(authorized(get(urlPathEqualTo(path))).atPriority(4)
                .willReturn(okJson(body).withHeader("ETag", etag)));
        listStubs = List.of(notModified, list);
    }

    /** Every poll fails this way until {@link #heal()}. */
    public synchronized void fail(Failure kind) {
        heal();
        String path = DataPlanePaths.pendingConfigs(CLUSTER_PATH);
        var response = switch (kind) {
            case HTTP_500 -> aResponse().withStatus(500)
                    .withBody("{\"error\":{\"code\":\"InternalError\",\"message\":\"boom\"}}");
            case HTTP_401, TOKEN_ENDPOINT_DOWN -> aResponse().withStatus(401)
                    .withBody("{\"error\":{\"code\":\"Unauthorized\",\"message\":\"token expired\"}}");
            case HTTP_403 -> aResponse().withStatus(403)
                    .withBody("{\"error\":{\"code\":\"Forbidden\",\"message\":\"not allowed\"}}");
            case HTTP_503_HTML -> aResponse().withStatus(503).withHeader("Content-Type", "text/html")
                    .withBody("<html><body>Service Unavailable</body></html>");
            case HTTP_429 -> aResponse().withStatus(429).withHeader("Retry-After", "1")
                    .withBody("{\"error\":{\"code\":\"TooManyRequests\"}}");
            case TIMEOUT -> okJson(lastBody).withFixedDelay(5_000);
            case SLOW_BODY -> okJson(lastBody).withChunkedDribbleDelay(5, 5_000);
            case MALFORMED_JSON -> okJson("{\"configurations\": [ {\"name\": \"x\", ]").withHeader("ETag", "\"bad\"");
            case TRUNCATED_BODY -> okJson(lastBody.substring(0, lastBody.length() / 2)).withHeader("ETag", "\"cut\"");
            case BROKEN_CHUNK -> aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK);
            case CONNECTION_RESET -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
            case EMPTY_RESPONSE -> aResponse().withFault(Fault.EMPTY_RESPONSE);
            case RANDOM_DATA -> aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE);
            case NO_CONFIGURATIONS_FIELD -> okJson("{}").withHeader("ETag", "\"empty\"");
            case WRONG_CONTENT_TYPE -> aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                    .withHeader("ETag", "\"html\"").withBody("<html><body>Sign in to continue</body></html>");
            case EMPTY_BODY -> aResponse().withStatus(200).withHeader("ETag", "\"nothing\"");
            case NULL_BODY -> okJson("null").withHeader("ETag", "\"null\"");
            case INVALID_ENTRY -> okJson(edited(list -> ((com.fasterxml.jackson.databind.node.ObjectNode) list.get(0)
                    .path("properties")).put("sourceKind", "Nonsense"))).withHeader("ETag", "\"invalid-entry\"");
            case MISSING_FIELDS -> okJson(edited(list -> list.forEach(
                    e -> ((com.fasterxml.jackson.databind.node.ObjectNode) e).remove("properties"))))
                    .withHeader("ETag", "\"missing-fields\"");
            case NAMELESS_ENTRY -> okJson(edited(list -> {
                list.remove(list.size() - 1);
                list.addObject().putObject("properties").put("namespace", "default");
            })).withHeader("ETag", "\"nameless\"");
        };
        List<StubMapping> stubs = new java.util.ArrayList<>();
        stubs.add(server.stubFor(get(urlPathEqualTo(path)).atPriority(1).willReturn(response)));
        if (kind == Failure.TOKEN_ENDPOINT_DOWN) {
            stubs.add(server.stubFor(post(urlPathEqualTo("/" + TENANT + "/oauth2/v2.0/token")).atPriority(1)
                    .willReturn(aResponse().withStatus(503).withBody("{\"error\":\"temporarily_unavailable\"}"))));
        }
        stubs.forEach(st -> failureStubs.computeIfAbsent(kind, k -> java.util.concurrent.ConcurrentHashMap.newKeySet())
                .add(st.getId()));
        failure = stubs;
    }

    /** The current list's body, changed by {@code edit} on its configurations array. */
    private String edited(java.util.function.Consumer<com.fasterxml.jackson.databind.node.ArrayNode> edit) {
        try {
            JsonNode root = JSON.readTree(lastBody);
            edit.accept((com.fasterxml.jackson.databind.node.ArrayNode) root.get("configurations"));
            return JSON.writeValueAsString(root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public synchronized void heal() {
        failure.forEach(server::removeStub);
        failure = List.of();
    }

    /** Requests answered by the failure stubs of this kind so far (data plane and token endpoint). */
    public long served(Failure kind) {
        java.util.Set<UUID> ids = failureStubs.getOrDefault(kind, java.util.Set.of());
        return server.getAllServeEvents().stream()
                .filter(e -> e.getStubMapping() != null && ids.contains(e.getStubMapping().getId())).count();
    }

    /** Requests to getPendingConfigs answered by the desired list (200 or 304) so far. */
    public long goodPolls() {
        return events(DataPlanePaths.pendingConfigs(CLUSTER_PATH)).stream()
                .filter(e -> e.getStubMapping() != null && e.getStubMapping().getPriority() != null
                        && (e.getStubMapping().getPriority() == 3 || e.getStubMapping().getPriority() == 4))
                .count();
    }

    /** This exact body (already JSON text) is the desired list from now on, under a new ETag, which is returned. */
    public synchronized String rawBody(String body) {
        String etag = "\"v" + version.incrementAndGet() + "\"";
        lastBody = body;
        listStubs.forEach(server::removeStub);
        String path = DataPlanePaths.pendingConfigs(CLUSTER_PATH);
        StubMapping notModified = server.stubFor(authorized(get(urlPathEqualTo(path)))
                .withHeader("If-None-Match", equalTo(etag)).atPriority(3).willReturn(aResponse().withStatus(304)));
        StubMapping list = server.stubFor(authorized(get(urlPathEqualTo(path))).atPriority(4)
                .willReturn(okJson(body).withHeader("ETag", etag)));
        listStubs = List.of(notModified, list);
        return etag;
    }

    /** Polls answered 200 with this ETag. */
    public long listed(String etag) {
        return events(DataPlanePaths.pendingConfigs(CLUSTER_PATH)).stream()
                .filter(e -> e.getResponse().getStatus() == 200 && e.getResponse().getHeaders() != null
                        && e.getResponse().getHeaders().getHeader("ETag").isPresent()
                        && etag.equals(e.getResponse().getHeaders().getHeader("ETag").firstValue()))
                .count();
    }

    /** Polls answered 304 for this ETag: the agent has applied the list it names. */
    public long notModified(String etag) {
        return events(DataPlanePaths.pendingConfigs(CLUSTER_PATH)).stream()
                .filter(e -> e.getResponse().getStatus() == 304 && etag.equals(e.getRequest().getHeader("If-None-Match")))
                .count();
    }

    /** Requests to getPendingConfigs answered with this status so far. */
    public long polls(int status) {
        return events(DataPlanePaths.pendingConfigs(CLUSTER_PATH)).stream()
                .filter(e -> e.getResponse().getStatus() == status).count();
    }

    /** Requests to getPendingConfigs served by the failure stub so far. */
    public long failedPolls() {
        return events(DataPlanePaths.pendingConfigs(CLUSTER_PATH)).stream()
                .filter(e -> e.getStubMapping() != null && e.getStubMapping().getPriority() != null
                        && e.getStubMapping().getPriority() == 1)
                .count();
    }

    /** Bodies of the status posts for a configuration, oldest first. */
    public List<JsonNode> statusPosts(String config) {
        return events(DataPlanePaths.status(CLUSTER_PATH, config)).stream()
                .filter(e -> e.getRequest().getMethod().getName().equals("POST"))
                .map(e -> readTree(e.getRequest().getBodyAsString()))
                .collect(Collectors.toList());
    }

    public List<JsonNode> heartbeats() {
        return events(DataPlanePaths.heartbeat(CLUSTER_PATH)).stream().map(e -> readTree(e.getRequest().getBodyAsString()))
                .collect(Collectors.toList());
    }

    /** Authorization headers the data plane saw. */
    public List<String> authorizations() {
        return server.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().startsWith("/subscriptions/"))
                .map(e -> e.getRequest().getHeader("Authorization")).collect(Collectors.toList());
    }

    /** Requests to the token endpoints (authority or IMDS), with their bodies. */
    public List<ServeEvent> tokenRequests() {
        return server.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().contains("/oauth2/"))
                .collect(Collectors.toList());
    }

    private List<ServeEvent> events(String path) {
        List<ServeEvent> all = new java.util.ArrayList<>(server.getAllServeEvents().stream()
                .filter(e -> decoded(e.getRequest().getUrl().split("\\?")[0]).equals(decoded(path)))
                .collect(Collectors.toList()));
        java.util.Collections.reverse(all);
        return all;
    }

    /** The server may normalise percent-encoding ({@code %24} to {@code $}): paths are compared decoded. */
    private static String decoded(String path) {
        return java.net.URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static JsonNode readTree(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void stop() {
        server.stop();
    }
}
