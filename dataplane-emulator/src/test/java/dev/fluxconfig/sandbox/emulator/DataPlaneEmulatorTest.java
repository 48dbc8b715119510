package dev.fluxconfig.sandbox.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.IHttpResponse;
import com.microsoft.aad.msal4j.ManagedIdentityApplication;
import com.microsoft.aad.msal4j.ManagedIdentityId;
import com.microsoft.aad.msal4j.ManagedIdentityParameters;

import dev.fluxconfig.model.dataplane.DataPlanePaths;
import dev.fluxconfig.model.dataplane.PendingConfigurations;

/** The emulator serves the contract, keeps state, misbehaves on request, and issues tokens MSAL4J can get. */
class DataPlaneEmulatorTest {

    static final String CLUSTER = DataPlanePaths.clusterPath("sub-1", "rg-1", "Microsoft.Kubernetes",
            "connectedClusters", "cluster-1");
    static final ObjectMapper JSON = new ObjectMapper();

    static DataPlaneEmulator emulator;
    static HttpClient http;
    static String token;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        emulator = new DataPlaneEmulator(DataPlaneEmulator.Options.defaults().withStateDir(dir)
                .withTimeoutAfter(Duration.ofSeconds(3))).start();
        // HTTP/1.1 as the agent speaks it: with h2c, a failure that closes the connection would end other requests too
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trusting(emulator.caCertificate()))
                .build();
        token = emulator.issueToken("test", "client", "scope");
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    static SSLContext trusting(Path pem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            ks.setCertificateEntry("emulator", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    static HttpResponse<String> send(String method, String path, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emulator.dataPlaneUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> poll(String etag) throws Exception {
        return poll(CLUSTER, etag);
    }

    static HttpResponse<String> poll(String cluster, String etag) throws Exception {
        Map<String, String> h = new LinkedHashMap<>(Map.of("Authorization", "Bearer " + token));
        if (etag != null) {
            h.put("If-None-Match", etag);
        }
        return send("GET", DataPlanePaths.pendingConfigs(cluster) + "?api-version=2024-11-01", null, h);
    }

    static void put(String name, String json) throws Exception {
        put(CLUSTER, name, json);
    }

    static void put(String cluster, String name, String json) throws Exception {
        HttpResponse<String> r = send("PUT", "/admin" + cluster + "/configurations/" + name, json, Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void servesTheContractWithETagsAndProtectedSettingsUntilAcknowledged() throws Exception {
        String own = DataPlanePaths.clusterPath("sub-2", "rg-2", "Microsoft.Kubernetes", "connectedClusters", "contract");
        put(own, "cluster-config", """
                {"correlationId":"corr-1","properties":{"namespace":"cluster-config","gitRepository":
                  {"url":"https://github.com/Azure/gitops-flux2-kustomize-helm-mt","repositoryRef":{"branch":"main"}},
                  "kustomizations":{"infra":{"path":"./infrastructure"}},
                  "configurationProtectedSettings":{"httpsKey":"c2VjcmV0"}}}""");

        HttpResponse<String> first = poll(own, null);
        assertThat(first.statusCode()).isEqualTo(200);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        PendingConfigurations list = JSON.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(first.body(), PendingConfigurations.class);
        assertThat(list.configurations()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("cluster-config");
            assertThat(c.version()).isEqualTo(1L);
            assertThat(c.correlationId()).isEqualTo("corr-1");
            assertThat(c.operationId()).isNotBlank();
            assertThat(c.properties().configurationProtectedSettings()).containsEntry("httpsKey", "c2VjcmV0");
        });
        // the admin view never shows protected settings
        assertThat(send("GET", "/admin" + own + "/configurations", null, Map.of()).body()).doesNotContain("c2VjcmV0");

        assertThat(poll(own, etag).statusCode()).as("unchanged: 304").isEqualTo(304);
        assertThat(emulator.protectedSettingsPending(own, "cluster-config")).as("acknowledged").isFalse();

        put(own, "other", "{\"properties\":{\"namespace\":\"other\"}}");
        HttpResponse<String> second = poll(own, etag);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
        assertThat(second.body()).doesNotContain("c2VjcmV0").contains("\"other\"");

        assertThat(send("DELETE", "/admin" + own + "/configurations/other", null, Map.of()).statusCode())
                .isEqualTo(200);
        assertThat(JSON.readTree(poll(own, null).body()).path("configurations")).hasSize(1);
    }

    @Test
    void refusesRequestsWithoutAnIssuedToken() throws Exception {
        String path = DataPlanePaths.pendingConfigs(CLUSTER) + "?api-version=2024-11-01";
        assertThat(send("GET", path, null, Map.of()).statusCode()).isEqualTo(401);
        assertThat(send("GET", path, null, Map.of("Authorization", "Bearer forged")).statusCode()).isEqualTo(401);
    }

    @Test
    void recordsStatusesLatestWinsAndHeartbeats() throws Exception {
        Map<String, String> auth = Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json");
        for (String state : List.of("Pending", "Compliant")) {
            assertThat(send("POST", DataPlanePaths.status(CLUSTER, "cfg-s"),
                    "{\"name\":\"cfg-s\",\"complianceState\":\"" + state + "\",\"provisioningState\":\"Succeeded\"}", auth)
                    .statusCode()).isEqualTo(200);
        }
        assertThat(send("POST", DataPlanePaths.status(CLUSTER, "cfg-s"), "{\"name\":\"other\"}", auth).statusCode())
                .isEqualTo(400);
        assertThat(send("POST", DataPlanePaths.heartbeat(CLUSTER), "{\"agentVersion\":\"0.1.0\"}", auth).statusCode())
                .isEqualTo(200);

        JsonNode statuses = JSON.readTree(send("GET", "/admin" + CLUSTER + "/statuses", null, Map.of()).body());
        assertThat(statuses.path("cfg-s").path("complianceState").asText()).isEqualTo("Compliant");
        assertThat(emulator.statusHistory(CLUSTER)).hasSizeGreaterThanOrEqualTo(2);
        JsonNode heartbeats = JSON.readTree(send("GET", "/admin" + CLUSTER + "/heartbeats", null, Map.of()).body());
        assertThat(heartbeats.get(heartbeats.size() - 1).path("agentVersion").asText()).isEqualTo("0.1.0");
    }

    @ParameterizedTest
    @EnumSource(value = FailureMode.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void failsOnRequest(FailureMode mode) throws Exception {
        put("failing", "{\"properties\":{\"namespace\":\"failing\"}}");
        assertThat(send("PUT", "/admin/failure", "{\"mode\":\"" + mode + "\"}", Map.of()).statusCode()).isEqualTo(200);
        try {
            switch (mode) {
                case HTTP_500 -> assertThat(poll(null).statusCode()).isEqualTo(500);
                case HTTP_401 -> assertThat(poll(null).statusCode()).isEqualTo(401);
                case MALFORMED_JSON -> {
                    HttpResponse<String> r = poll(null);
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(parses(r.body())).isFalse();
                }
                case TRUNCATED_BODY -> {
                    try {
                        HttpResponse<String> r = poll(null);
                        assertThat(parses(r.body())).as("a truncated body is no JSON").isFalse();
                    } catch (java.io.IOException expected) {
                        assertThat(expected).isNotInstanceOf(HttpTimeoutException.class);
                    }
                }
                case TIMEOUT -> {
                    long start = System.nanoTime();
                    HttpRequest req = HttpRequest.newBuilder(URI.create(emulator.dataPlaneUrl()
                            + DataPlanePaths.pendingConfigs(CLUSTER) + "?api-version=2024-11-01"))
                            .header("Authorization", "Bearer " + token).timeout(Duration.ofMillis(700)).build();
                    try {
                        http.send(req, HttpResponse.BodyHandlers.ofString());
                        throw new AssertionError("an answer came");
                    } catch (HttpTimeoutException expected) {
                        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(600);
                    }
                }
                case HTTP_403 -> assertThat(poll(null).statusCode()).isEqualTo(403);
                case HTTP_429 -> {
                    HttpResponse<String> r = poll(null);
                    assertThat(r.statusCode()).isEqualTo(429);
                    assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
                }
                case HTTP_503_HTML -> {
                    HttpResponse<String> r = poll(null);
                    assertThat(r.statusCode()).isEqualTo(503);
                    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html");
                }
                case TOKEN_ENDPOINT_DOWN -> {
                    assertThat(poll(null).statusCode()).isEqualTo(401);
                    HttpResponse<String> t = http.send(HttpRequest.newBuilder(URI.create(emulator.authorityUrl()
                            + "tenant-1/oauth2/v2.0/token")).header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "grant_type=client_credentials&client_id=c&client_secret=s&scope=x"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(t.statusCode()).isEqualTo(503);
                    assertThat(t.body()).contains("temporarily_unavailable");
                }
                case DELAYED -> {
                    long start = System.nanoTime();
                    HttpResponse<String> r = poll(null);
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(2900);
                    assertThat(JSON.readTree(r.body()).path("configurations").isArray()).isTrue();
                }
                case SLOW_BODY -> {
                    long start = System.nanoTime();
                    HttpResponse<InputStream> r = http.send(pollRequest(), HttpResponse.BodyHandlers.ofInputStream());
                    long headers = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    byte[] body;
                    try (InputStream in = r.body()) {
                        body = in.readAllBytes();
                    }
                    long all = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(headers).as("headers at once").isLessThan(1500);
                    assertThat(all).as("the body over timeoutAfter (3 s)").isGreaterThanOrEqualTo(2500);
                    assertThat(parses(new String(body, StandardCharsets.UTF_8))).isTrue();
                }
                case BROKEN_CHUNK -> {
                    String answer = new String(rawPoll(), StandardCharsets.US_ASCII);
                    assertThat(answer).startsWith("HTTP/1.1 200").contains("Transfer-Encoding: chunked")
                            .contains("\r\n\r\nnot-hex\r\n");
                }
                case CONNECTION_RESET -> assertThatThrownBy(DataPlaneEmulatorTest::rawPoll)
                        .isInstanceOf(java.net.SocketException.class).hasMessageContaining("reset");
                case EMPTY_RESPONSE -> assertThat(rawPoll()).isEmpty();
                case RANDOM_DATA -> assertThat(rawPoll()).hasSize(256);
                case WRONG_CONTENT_TYPE -> {
                    HttpResponse<String> r = poll(null);
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html");
                    assertThat(parses(r.body())).isFalse();
                }
                case EMPTY_BODY -> {
                    HttpResponse<String> r = poll(null);
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(r.body()).isEmpty();
                }
                case NULL_BODY -> assertThat(poll(null).body()).isEqualTo("null");
                case NO_CONFIGURATIONS_FIELD -> assertThat(poll(null).body()).isEqualTo("{}");
                case INVALID_ENTRY, MISSING_FIELDS, NAMELESS_ENTRY -> {
                    JsonNode list = JSON.readTree(poll(null).body()).path("configurations");
                    JsonNode first = list.get(0);
                    switch (mode) {
                        case INVALID_ENTRY -> assertThat(first.path("properties").path("sourceKind").asText())
                                .isEqualTo("Nonsense");
                        case MISSING_FIELDS -> assertThat(list).allSatisfy(e -> assertThat(e.has("properties")).isFalse());
                        default -> {
                            assertThat(list).noneMatch(e -> "failing".equals(e.path("name").asText()));
                            assertThat(list).anyMatch(e -> !e.has("name"));
                        }
                    }
                }
                default -> throw new IllegalStateException("no check for " + mode);
            }
            assertThat(emulator.journal().served(mode)).as("journalled as answered by %s", mode).isPositive();
        } finally {
            send("PUT", "/admin/failure", "{\"mode\":\"NONE\"}", Map.of());
        }
        assertThat(poll(null).statusCode()).isEqualTo(200);
    }

    static HttpRequest pollRequest() {
        return HttpRequest.newBuilder(URI.create(emulator.dataPlaneUrl() + DataPlanePaths.pendingConfigs(CLUSTER)
                + "?api-version=2024-11-01")).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10))
                .build();
    }

    /** A poll on a plain socket: every byte that came back until the emulator closed the connection. */
    static byte[] rawPoll() throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", emulator.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + DataPlanePaths.pendingConfigs(CLUSTER) + "?api-version=2024-11-01"
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            return s.getInputStream().readAllBytes();
        }
    }

    private static boolean parses(String body) {
        try {
            JSON.readTree(body);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    // ---- MSAL4J against the emulator's authority and IMDS endpoints ------------------------------------------

    private static String confidential(IClientCredential credential) throws Exception {
        ConfidentialClientApplication app = ConfidentialClientApplication.builder("client-1", credential)
                .authority(emulator.authorityUrl() + "tenant-1/").instanceDiscovery(false).validateAuthority(false)
                .sslSocketFactory(trusting(emulator.caCertificate()).getSocketFactory()).build();
        return app.acquireToken(ClientCredentialParameters.builder(Set.of("https://dp.test/.default")).build())
                .get(30, TimeUnit.SECONDS).accessToken();
    }

    private static void assertAccepted(String msalToken, String kind) throws Exception {
        HttpResponse<String> r = send("GET", DataPlanePaths.pendingConfigs(CLUSTER) + "?api-version=2024-11-01", null,
                Map.of("Authorization", "Bearer " + msalToken));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(emulator.tokenRequests()).anyMatch(t -> kind.equals(t.path("kind").asText()));
        assertThat(emulator.requests()).anyMatch(t -> kind.equals(t.path("token").asText()));
    }

    @Test
    void msalGetsATokenWithAClientSecret() throws Exception {
        assertAccepted(confidential(ClientCredentialFactory.createFromSecret("s3cret")), "client-secret");
    }

    @Test
    void msalGetsATokenWithAClientCertificate(@TempDir Path dir) throws Exception {
        Path p12 = dir.resolve("client.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "c", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=client", "-storetype",
                "PKCS12", "-keystore", p12.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        try (InputStream in = Files.newInputStream(p12)) {
            assertAccepted(confidential(ClientCredentialFactory.createFromCertificate(in, "changeit")),
                    "client-certificate");
        }
    }

    @Test
    void msalGetsATokenWithAFederatedAssertion() throws Exception {
        String federated = "eyJhbGciOiJSUzI1NiIsImtpZCI6IngifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6Zmx1eCJ9.c2ln";
        assertAccepted(confidential(ClientCredentialFactory.createFromClientAssertion(federated)), "client-assertion");
    }

    @Test
    void msalGetsAManagedIdentityTokenFromTheImdsEndpoint() throws Exception {
        // MSAL calls the well-known IMDS address; this client sends those calls to the emulator instead
        IHttpClient redirect = request -> {
            String url = request.url().toString().replace("http://169.254.169.254", emulator.imdsUrl());
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
            request.headers().forEach(b::header);
            HttpResponse<String> r = http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new IHttpResponse() {
                @Override
                public int statusCode() {
                    return r.statusCode();
                }

                @Override
                public Map<String, List<String>> headers() {
                    return r.headers().map();
                }

                @Override
                public String body() {
                    return r.body();
                }
            };
        };
        ManagedIdentityApplication app = ManagedIdentityApplication.builder(ManagedIdentityId.systemAssigned())
                .httpClient(redirect).build();
        String msalToken = app.acquireTokenForManagedIdentity(ManagedIdentityParameters.builder("https://dp.test").build())
                .get(30, TimeUnit.SECONDS).accessToken();
        assertAccepted(msalToken, "managed-identity");
    }
}
