package dev.fluxconfig.controller.resilience;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.fabric8.kubernetes.client.Config;

/**
 * A loopback proxy between the controller and the API server that fails some requests on purpose. Writes (POST, PUT,
 * PATCH, DELETE, status patches included) are answered, without being forwarded, with 409 Conflict or with 500/503 at the
 * given rates; one chosen object path answers every write with 503 for a while, longer than the client's own retries
 * last; a fraction of watches is ended after a few seconds. Everything else is forwarded to the API server over TLS, with
 * the caller's token, and streamed back, so watches stay open. Leases are never failed: a replica that cannot renew its
 * lease exits on purpose, which is what the leader-election test covers. Like kubectl proxy, it does not speak
 * websockets, so the client watches with streaming GETs.
 */
final class FaultProxy implements AutoCloseable {

    enum Fault {
        CONFLICT, INTERNAL_ERROR, UNAVAILABLE, OUTAGE, WATCH_DROPPED
    }

    /** Headers the JDK client sets itself, and hop-by-hop headers that must not be copied. */
    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection");

    private final URI target;
    private final String token;
    private final HttpServer server;
    private final HttpClient upstream;
    private final ExecutorService handlers = Executors.newCachedThreadPool(daemon("fault-proxy"));
    private final ScheduledExecutorService drops = Executors.newSingleThreadScheduledExecutor(daemon("watch-drop"));
    private final Random random = new Random(42);
    private final Map<Fault, AtomicInteger> injected = new EnumMap<>(Fault.class);
    private final double conflictRate;
    private final double serverErrorRate;
    private final double watchDropRate;
    private final Duration outage;
    private volatile String outagePath;
    private volatile long outageEnds;
    private volatile boolean enabled = true;

    /**
     * @param conflictRate fraction of writes answered 409
     * @param serverErrorRate fraction of writes answered 500 or 503 (alternately)
     * @param watchDropRate fraction of watches ended after 1 to 5 seconds
     * @param outage how long the first Kustomization written through the proxy answers every write with 503
     */
    FaultProxy(Path kubeconfig, double conflictRate, double serverErrorRate, double watchDropRate, Duration outage)
            throws IOException {
        Config config = Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
        this.target = URI.create(config.getMasterUrl());
        this.token = config.getAutoOAuthToken();
        this.conflictRate = conflictRate;
        this.serverErrorRate = serverErrorRate;
        this.watchDropRate = watchDropRate;
        this.outage = outage;
        for (Fault f : Fault.values()) {
            injected.put(f, new AtomicInteger());
        }
        upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trusting(config.getCaCertFile()))
                .connectTimeout(Duration.ofSeconds(10)).executor(handlers).build();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(handlers);
        server.start();
    }

    /** A kubeconfig for the proxy (plain http on loopback), with the token of the given one. */
    Path kubeconfig(Path file) throws IOException {
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: fault-proxy
                  cluster:
                    server: http://127.0.0.1:%d
                users:
                - name: admin
                  user:
                    token: %s
                contexts:
                - name: fault-proxy
                  context:
                    cluster: fault-proxy
                    user: admin
                    namespace: default
                current-context: fault-proxy
                """.formatted(server.getAddress().getPort(), token));
        return file;
    }

    int injected(Fault fault) {
        return injected.get(fault).get();
    }

    Map<Fault, Integer> injected() {
        Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
        injected.forEach((k, v) -> counts.put(k, v.get()));
        return counts;
    }

    /** Stops injecting faults; requests are forwarded from now on. */
    void heal() {
        enabled = false;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            URI uri = exchange.getRequestURI();
            String path = uri.getRawPath();
            boolean watch = uri.getRawQuery() != null && uri.getRawQuery().matches("(.*&)?watch=(true|1)(&.*)?");
            boolean write = !List.of("GET", "HEAD", "OPTIONS").contains(method);
            byte[] body = exchange.getRequestBody().readAllBytes();
            if ("websocket".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Upgrade"))) {
                // no websockets here, as with kubectl proxy: a plain 200 makes the client watch with a streaming GET
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            Fault fault = enabled && write && !path.contains("/coordination.k8s.io/") ? fault(path) : null;
            if (fault != null) {
                injected.get(fault).incrementAndGet();
                reply(exchange, fault, path);
                return;
            }
            forward(exchange, method, uri, body, watch);
        } catch (IOException | RuntimeException e) {
            // the caller went away (a dropped watch, a cancelled request): nothing to answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized Fault fault(String path) {
        long now = System.nanoTime();
        if (outagePath == null && path.contains("/kustomizations/")) {
            outagePath = path;
            outageEnds = now + outage.toNanos();
        }
        if (path.equals(outagePath) && now < outageEnds) {
            return Fault.OUTAGE;
        }
        double r = random.nextDouble();
        if (r < conflictRate) {
            return Fault.CONFLICT;
        }
        if (r < conflictRate + serverErrorRate) {
            return random.nextBoolean() ? Fault.INTERNAL_ERROR : Fault.UNAVAILABLE;
        }
        return null;
    }

    /** Answers as the API server would: a Status object with the code and reason. */
    private static void reply(HttpExchange exchange, Fault fault, String path) throws IOException {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int code;
        String reason;
        String message;
        switch (fault) {
            case CONFLICT -> {
                code = 409;
                reason = "Conflict";
                message = "Operation cannot be fulfilled on \"" + name
                        + "\": the object has been modified; please apply your changes to the latest version and try again"
                        + " (injected by the test proxy)";
            }
            case INTERNAL_ERROR -> {
                code = 500;
                reason = "InternalError";
                message = "Internal error occurred: injected by the test proxy";
            }
            default -> {
                code = 503;
                reason = "ServiceUnavailable";
                message = "the server is currently unable to handle the request (injected by the test proxy)";
            }
        }
        byte[] status = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\""
                + message + "\",\"reason\":\"" + reason + "\",\"code\":" + code + "}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, status.length);
        exchange.getResponseBody().write(status);
    }

    private void forward(HttpExchange exchange, String method, URI uri, byte[] body, boolean watch)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
                .method(method, body.length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (!watch) {
            request.timeout(Duration.ofSeconds(60));
        }
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase())) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<InputStream> response = upstream.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        response.headers().map().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        try (InputStream in = response.body()) {
            if (!watch) {
                byte[] bytes = in.readAllBytes();
                exchange.sendResponseHeaders(response.statusCode(), bytes.length == 0 ? -1 : bytes.length);
                exchange.getResponseBody().write(bytes);
                return;
            }
            exchange.sendResponseHeaders(response.statusCode(), 0);
            if (enabled && watchDrop()) {
                // end the watch as the API server does at its timeout, only much sooner: the client must watch again
                drops.schedule(() -> {
                    injected.get(Fault.WATCH_DROPPED).incrementAndGet();
                    closeQuietly(in);
                }, 1000 + random(4000), TimeUnit.MILLISECONDS);
            }
            OutputStream out = exchange.getResponseBody();
            byte[] buffer = new byte[16 * 1024];
            for (int n; (n = read(in, buffer)) >= 0;) {
                out.write(buffer, 0, n);
                out.flush();
            }
        }
    }

    private synchronized boolean watchDrop() {
        return random.nextDouble() < watchDropRate;
    }

    private synchronized long random(int bound) {
        return random.nextInt(bound);
    }

    /** Reads what is there; a stream closed by a drop reads as its end. */
    private static int read(InputStream in, byte[] buffer) {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static SSLContext trusting(String caFile) {
        try (InputStream pem = new ByteArrayInputStream(Files.readAllBytes(Path.of(caFile)))) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(pem));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust " + caFile, e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        server.stop(0);
        drops.shutdownNow();
        handlers.shutdownNow();
    }
}
