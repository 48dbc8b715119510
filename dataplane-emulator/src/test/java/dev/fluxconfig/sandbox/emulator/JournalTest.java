package dev.fluxconfig.sandbox.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fluxconfig.model.dataplane.DataPlanePaths;

/**
 * The journal records each exchange with what answered it; raw list bodies, failure targets and the token endpoints'
 * accepted credentials behave as the agent's tests rely on.
 */
class JournalTest {

    static final String CLUSTER = DataPlanePaths.clusterPath("sub-j", "rg-j", "Microsoft.Kubernetes", "connectedClusters",
            "journal");
    static final ObjectMapper JSON = new ObjectMapper();

    DataPlaneEmulator emulator;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String token;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        emulator = new DataPlaneEmulator(DataPlaneEmulator.Options.defaults().withStateDir(dir)
                .withTimeoutAfter(Duration.ofSeconds(3))).start();
        token = emulator.issueToken("test", "client", "scope");
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    HttpResponse<String> send(String method, String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emulator.dataPlaneUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> poll(String etag) throws Exception {
        Map<String, String> h = new LinkedHashMap<>(Map.of("Authorization", "Bearer " + token));
        if (etag != null) {
            h.put("If-None-Match", etag);
        }
        return send("GET", DataPlanePaths.pendingConfigs(CLUSTER), null, h);
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return send("POST", path, body, Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"));
    }

    @Test
    void recordsEachExchangeWithItsAnswer() throws Exception {
        Instant before = Instant.now();
        String etag = emulator.configurations(CLUSTER, List.of(Map.of("name", "a", "properties", Map.of())));
        assertThat(poll(null).headers().firstValue("ETag")).hasValue(etag);
        assertThat(poll(etag).statusCode()).isEqualTo(304);
        assertThat(post(DataPlanePaths.status(CLUSTER, "a"), "{\"name\":\"a\",\"complianceState\":\"Pending\"}")
                .statusCode()).isEqualTo(200);
        assertThat(post(DataPlanePaths.heartbeat(CLUSTER), "{\"agentVersion\":\"1.2.3\"}").statusCode()).isEqualTo(200);
        emulator.failure(FailureMode.HTTP_500, "poll");
        assertThat(poll(etag).statusCode()).isEqualTo(500);
        emulator.heal();

        Journal j = emulator.journal();
        assertThat(j.listed(etag)).isEqualTo(1);
        assertThat(j.notModified(etag)).isEqualTo(1);
        assertThat(j.notModified("\"other\"")).isZero();
        assertThat(j.polls(200)).isEqualTo(1);
        assertThat(j.polls(304)).isEqualTo(1);
        assertThat(j.polls(500)).isEqualTo(1);
        assertThat(j.goodPolls()).isEqualTo(2);
        assertThat(j.failedPolls()).isEqualTo(1);
        assertThat(j.served(FailureMode.HTTP_500)).isEqualTo(1);
        assertThat(j.served(FailureMode.HTTP_401)).isZero();
        assertThat(j.statusPosts("a")).singleElement()
                .satisfies(s -> assertThat(s.path("complianceState").asText()).isEqualTo("Pending"));
        assertThat(j.statusPosts("b")).isEmpty();
        assertThat(j.heartbeats()).singleElement()
                .satisfies(h -> assertThat(h.path("agentVersion").asText()).isEqualTo("1.2.3"));
        assertThat(j.authorizations()).hasSize(5).containsOnly("Bearer " + token);
        assertThat(j.exchanges()).allSatisfy(e -> {
            assertThat(e.cluster()).isEqualTo(CLUSTER);
            assertThat(e.arrived()).isAfterOrEqualTo(before);
        });
        assertThat(j.exchanges(e -> e.kind() == Journal.Kind.STATUS)).singleElement()
                .satisfies(e -> assertThat(e.configuration()).isEqualTo("a"));
    }

    @Test
    void keepsTheNewestExchangesUpToItsCapacityWhileManyThreadsAdd() throws Exception {
        Journal j = new Journal();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        int each = Journal.CAPACITY / 4;
        for (int t = 0; t < 8; t++) {
            int thread = t;
            pool.execute(() -> {
                for (int i = 0; i < each; i++) {
                    j.add(new Journal.Exchange(Instant.now(), Journal.Kind.POLL, "GET", "/p", null, null, 200, null, null,
                            null, thread + ":" + i, null));
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(j.exchanges()).hasSize(Journal.CAPACITY);
        j.add(new Journal.Exchange(Instant.now(), Journal.Kind.HEARTBEAT, "POST", "/h", null, null, 200, null, null, null,
                "{}", null));
        assertThat(j.exchanges()).hasSize(Journal.CAPACITY);
        assertThat(j.exchanges().get(Journal.CAPACITY - 1).kind()).isEqualTo(Journal.Kind.HEARTBEAT);
        j.clear();
        assertThat(j.exchanges()).isEmpty();
    }

    @Test
    void aRawBodyIsServedAsItIsUnderAFreshETagUntilAConfigurationIsPut() throws Exception {
        String first = emulator.rawBody(CLUSTER, "{\"configurations\":[{\"name\":\"x\",\"extra\":[1,2]}]}");
        String second = emulator.rawBody(CLUSTER, "{\"configurations\": [ ]}");
        assertThat(second).isNotEqualTo(first);
        HttpResponse<String> r = poll(first);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"configurations\": [ ]}");
        assertThat(poll(second).statusCode()).isEqualTo(304);

        emulator.putConfiguration(CLUSTER, "stored", JSON.readTree("{\"properties\":{\"namespace\":\"n\"}}"));
        assertThat(JSON.readTree(poll(second).body()).path("configurations").get(0).path("name").asText())
                .isEqualTo("stored");
    }

    @Test
    void aFailureHitsOnlyItsTargetAndCarriesItsRetryAfter() throws Exception {
        emulator.failure(Failure.of(FailureMode.HTTP_429, "status/slow").withRetryAfter("7"));
        HttpResponse<String> slow = post(DataPlanePaths.status(CLUSTER, "slow"), "{\"name\":\"slow\"}");
        assertThat(slow.statusCode()).isEqualTo(429);
        assertThat(slow.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(post(DataPlanePaths.status(CLUSTER, "fast"), "{\"name\":\"fast\"}").statusCode()).isEqualTo(200);
        assertThat(poll(null).statusCode()).isEqualTo(200);

        emulator.addFailure(Failure.of(FailureMode.DELAYED, "heartbeat").withDelay(Duration.ofMillis(800)));
        long start = System.nanoTime();
        assertThat(post(DataPlanePaths.heartbeat(CLUSTER), "{}").statusCode()).isEqualTo(200);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(750);
        assertThat(emulator.journal().served(FailureMode.DELAYED)).isEqualTo(1);
        assertThat(emulator.failures()).hasSize(2);
        emulator.heal();
        assertThat(post(DataPlanePaths.status(CLUSTER, "slow"), "{\"name\":\"slow\"}").statusCode()).isEqualTo(200);
    }

    HttpResponse<String> token(String form) throws Exception {
        HttpClient https = HttpClient.newBuilder().sslContext(DataPlaneEmulatorTest.trusting(emulator.caCertificate()))
                .build();
        return https.send(HttpRequest.newBuilder(URI.create(emulator.authorityUrl() + "tenant-1/oauth2/v2.0/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
                        "grant_type=client_credentials&client_id=c&scope=s&" + form))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> imds(String resource) throws Exception {
        return send("GET", "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=" + resource, null,
                Map.of("Metadata", "true"));
    }

    @Test
    void onceToldTheTokenEndpointsAcceptOnlyTheGivenCredentials() throws Exception {
        String signed = "eyJhbGciOiJSUzI1NiIsIng1dCI6ImFiYyJ9.eyJzdWIiOiJjIn0.c2ln";
        String federated = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJmZWQifQ.c2ln";
        String assertion = "client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
                + "&client_assertion=";
        // nothing told yet: any well-formed request gets a token
        assertThat(token("client_secret=anything").statusCode()).isEqualTo(200);
        assertThat(imds("https://any").statusCode()).isEqualTo(200);

        emulator.acceptClientSecret("right");
        assertThat(token("client_secret=wrong").statusCode()).isEqualTo(401);
        assertThat(token("client_secret=right").statusCode()).isEqualTo(200);
        assertThat(token(assertion + federated).statusCode()).isEqualTo(401);
        emulator.acceptClientAssertion(federated);
        assertThat(token(assertion + federated).statusCode()).isEqualTo(200);
        assertThat(token(assertion + signed).statusCode()).isEqualTo(401);
        emulator.acceptSignedAssertion();
        assertThat(token(assertion + signed).statusCode()).isEqualTo(200);
        assertThat(token(assertion + "eyJhbGciOiJub25lIn0.eyJzdWIiOiJjIn0.").statusCode()).isEqualTo(400);
        assertThat(imds("https://any").statusCode()).isEqualTo(400);
        emulator.acceptManagedIdentity("https://dp.test");
        HttpResponse<String> mi = imds("https://dp.test");
        assertThat(mi.statusCode()).isEqualTo(200);

        String issued = JSON.readTree(mi.body()).path("access_token").asText();
        assertThat(emulator.issued("Bearer " + issued)).isNotNull()
                .satisfies(t -> assertThat(t.kind()).isEqualTo("managed-identity"));
        assertThat(emulator.issued("Bearer forged")).isNull();
        assertThat(emulator.issuedTokens()).contains(issued);
        List<Journal.Exchange> requests = emulator.journal().tokenRequests();
        assertThat(requests).hasSize(11);
        assertThat(requests).filteredOn(e -> e.method().equals("POST"))
                .allSatisfy(e -> assertThat(e.body()).contains("grant_type=client_credentials"));
        assertThat(requests).filteredOn(e -> e.status() == 401).hasSize(3);
    }
}
