package dev.fluxconfig.sandbox.kube;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * A small in-memory Kubernetes API server for the sandbox when the project's real one (kube-apiserver + etcd, built by
 * integration-tests/kube/build.sh) is not built on this machine. It serves, over plain HTTP on 127.0.0.1, what the
 * agent, the controller (Java Operator SDK informers), the Flux stand-in, the sandbox CLI and kubectl use: discovery,
 * CRUD, list and watch (HTTP streaming and WebSocket) with resource versions and selectors, merge/JSON patches,
 * server-side apply, the status subresource, finalizers, owner-reference garbage collection and namespace deletion (the
 * rules live in {@link ObjectStore}).
 * <p>
 * Why not fabric8's {@code KubernetesMockServer} in CRUD mode, extended: its dispatcher keeps objects as JSON strings
 * keyed by attribute sets with no change history, so a watch cannot resume from a resource version (an informer's
 * list-then-watch loses what changed in between); a server-side apply of a missing object answers 404 and an apply on
 * {@code /status} 415; and it has no finalizer, generation or garbage-collection semantics. Every handler (create,
 * update, patch, delete, watch) would have to be replaced, on a test artifact whose internals change between releases;
 * what remained of the mock would be its HTTP plumbing, which Vert.x core, already here, gives as well.
 * <p>
 * No authentication, authorization, admission, schema validation, defaulting or pruning: this is a local sandbox.
 */
public final class EmbeddedKubeApi implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final ObjectStore store;
    private final Vertx vertx;
    private final HttpServer server;
    private final Path kubeconfig;
    private final Path log;

    private EmbeddedKubeApi(ObjectStore store, Vertx vertx, HttpServer server, Path kubeconfig, Path log) {
        this.store = store;
        this.vertx = vertx;
        this.server = server;
        this.kubeconfig = kubeconfig;
        this.log = log;
    }

    /** Starts on a free loopback port and writes {@code kubeconfig} (and a log of refused requests) into {@code dataDir}. */
    public static EmbeddedKubeApi start(Path dataDir) {
        Vertx vertx = Vertx.vertx();
        try {
            Files.createDirectories(dataDir);
            ObjectStore store = new ObjectStore(new ResourceTypes());
            Path log = dataDir.resolve("embedded-api.log");
            Files.writeString(log, "");
            Handler handler = new Handler(store, vertx, log);
            HttpServer server = vertx.createHttpServer().requestHandler(handler::handle).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            Path kubeconfig = dataDir.resolve("kubeconfig");
            Files.writeString(kubeconfig, kubeconfig("http://127.0.0.1:" + server.actualPort()));
            return new EmbeddedKubeApi(store, vertx, server, kubeconfig, log);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("cannot start the embedded Kubernetes API: " + e.getMessage(), e);
        }
    }

    static String kubeconfig(String url) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: fluxconfig-embedded
                  cluster:
                    server: %s
                users:
                - name: sandbox
                  user: {}
                contexts:
                - name: fluxconfig-embedded
                  context:
                    cluster: fluxconfig-embedded
                    user: sandbox
                    namespace: default
                current-context: fluxconfig-embedded
                """.formatted(url);
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public ObjectStore store() {
        return store;
    }

    /** Requests answered with an error, one line each (what a client asked that this server does not do). */
    public Path log() {
        return log;
    }

    @Override
    public void close() {
        store.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // stopping anyway
        }
    }

    /** Routes a request to discovery or to the store. */
    private static final class Handler {
        private final ObjectStore store;
        private final ResourceTypes types;
        private final Vertx vertx;
        private final Path log;

        Handler(ObjectStore store, Vertx vertx, Path log) {
            this.store = store;
            this.types = store.types();
            this.vertx = vertx;
            this.log = log;
        }

        /** Where a resource request points. */
        private record Target(ResourceType type, String namespace, String name, String subresource) {
        }

        void handle(HttpServerRequest req) {
            try {
                if (req.method() == HttpMethod.GET && isWatch(req)) {
                    watch(req, target(segments(req.path())));
                    return;
                }
            } catch (ApiException e) {
                error(req, e);
                return;
            } catch (RuntimeException e) {
                error(req, new ApiException(500, "InternalError", String.valueOf(e)));
                return;
            }
            req.body().onSuccess(body -> {
                try {
                    JsonNode answer = answer(req, body);
                    int code = req.method() == HttpMethod.POST
                            || (req.method() == HttpMethod.PATCH && answer.path("__created").asBoolean()) ? 201 : 200;
                    if (answer instanceof ObjectNode o) {
                        o.remove("__created");
                    }
                    send(req.response(), code, answer);
                } catch (ApiException e) {
                    error(req, e);
                } catch (RuntimeException e) {
                    error(req, new ApiException(500, "InternalError", String.valueOf(e)));
                }
            });
        }

        private static List<String> segments(String path) {
            return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
        }

        private static boolean isWatch(HttpServerRequest req) {
            String w = req.getParam("watch");
            return "true".equals(w) || "1".equals(w);
        }

        private JsonNode answer(HttpServerRequest req, Buffer body) {
            List<String> s = segments(req.path());
            if (req.method() == HttpMethod.GET) {
                JsonNode discovery = discovery(s);
                if (discovery != null) {
                    return discovery;
                }
            }
            Target t = target(s);
            if (req.getParam("dryRun") != null) {
                throw ApiException.badRequest("dry runs are not supported by the embedded API server");
            }
            String labels = req.getParam("labelSelector");
            String fields = req.getParam("fieldSelector");
            boolean status = "status".equals(t.subresource());
            if (t.subresource() != null && !status) {
                throw new ApiException(404, "NotFound", "the subresource " + t.subresource() + " is not served here");
            }
            HttpMethod m = req.method();
            if (m == HttpMethod.GET) {
                return t.name() == null
                        ? store.list(t.type(), t.namespace(), Selector.parse(labels, fields))
                        : store.get(t.type(), t.namespace(), t.name());
            }
            if (m == HttpMethod.POST && t.name() == null) {
                return store.create(t.type(), t.namespace(), parse(body, false));
            }
            if (m == HttpMethod.PUT && t.name() != null) {
                return store.update(t.type(), t.namespace(), t.name(), parse(body, false), status);
            }
            if (m == HttpMethod.PATCH && t.name() != null) {
                String contentType = String.valueOf(req.getHeader("Content-Type"));
                ObjectStore.PatchType type = contentType.startsWith("application/apply-patch")
                        ? ObjectStore.PatchType.APPLY
                        : contentType.startsWith("application/json-patch")
                                ? ObjectStore.PatchType.JSON
                                : ObjectStore.PatchType.MERGE;
                String manager = req.getParam("fieldManager");
                if (type == ObjectStore.PatchType.APPLY && (manager == null || manager.isEmpty())) {
                    throw ApiException.badRequest("PATCH requests with apply content type must set fieldManager");
                }
                boolean existed = exists(t);
                ObjectNode result = store.patch(t.type(), t.namespace(), t.name(), type,
                        parse(body, type == ObjectStore.PatchType.APPLY), manager, status);
                if (!existed) {
                    result.put("__created", true);
                }
                return result;
            }
            if (m == HttpMethod.DELETE) {
                if (t.name() == null) {
                    return store.deleteCollection(t.type(), t.namespace(), Selector.parse(labels, fields));
                }
                JsonNode options = body.length() == 0 ? JsonNodeFactory.instance.objectNode() : parse(body, false);
                boolean orphan = "Orphan".equals(options.path("propagationPolicy").asText(req.getParam("propagationPolicy")))
                        || options.path("orphanDependents").asBoolean(false);
                return store.delete(t.type(), t.namespace(), t.name(), orphan);
            }
            throw new ApiException(405, "MethodNotAllowed", m + " is not supported on " + req.path());
        }

        private boolean exists(Target t) {
            try {
                store.get(t.type(), t.namespace(), t.name());
                return true;
            } catch (ApiException e) {
                return false;
            }
        }

        private JsonNode discovery(List<String> s) {
            String path = "/" + String.join("/", s);
            switch (path) {
                case "/version" :
                    return JsonNodeFactory.instance.objectNode().put("major", "1").put("minor", "30")
                            .put("gitVersion", "v1.30.0-fluxconfig-embedded").put("platform", "linux/amd64");
                case "/healthz", "/readyz", "/livez" :
                    return JsonNodeFactory.instance.textNode("ok");
                case "/api" :
                    return types.coreVersions();
                case "/apis" :
                    return types.groupList();
                default :
                    break;
            }
            if (s.size() == 2 && s.get(0).equals("api")) {
                return types.resourceList("", s.get(1)).orElseThrow(() -> new ApiException(404, "NotFound", path));
            }
            if (s.size() == 2 && s.get(0).equals("apis")) {
                return types.group(s.get(1)).orElseThrow(() -> new ApiException(404, "NotFound", path));
            }
            if (s.size() == 3 && s.get(0).equals("apis")) {
                return types.resourceList(s.get(1), s.get(2)).orElseThrow(() -> new ApiException(404, "NotFound", path));
            }
            return null;
        }

        private Target target(List<String> s) {
            int prefix;
            String group;
            if (s.size() >= 3 && s.get(0).equals("api")) {
                prefix = 2;
                group = "";
            } else if (s.size() >= 4 && s.get(0).equals("apis")) {
                prefix = 3;
                group = s.get(1);
            } else {
                throw new ApiException(404, "NotFound", "the server could not find the requested resource");
            }
            String version = s.get(prefix - 1);
            List<String> rest = s.subList(prefix, s.size());
            String namespace = null;
            boolean namespaceItself = rest.size() == 3 && (rest.get(2).equals("status") || rest.get(2).equals("finalize"));
            if (rest.get(0).equals("namespaces") && rest.size() >= 3 && !namespaceItself) {
                namespace = rest.get(1);
                rest = rest.subList(2, rest.size());
            }
            if (rest.size() > 3) {
                throw new ApiException(404, "NotFound", "the server could not find the requested resource");
            }
            ResourceType type = types.get(group, version, rest.get(0));
            return new Target(type, type.namespaced() ? namespace : null, rest.size() > 1 ? rest.get(1) : null,
                    rest.size() > 2 ? rest.get(2) : null);
        }

        private static JsonNode parse(Buffer body, boolean yamlAllowed) {
            try {
                return JSON.readTree(body.getBytes());
            } catch (IOException e) {
                if (yamlAllowed) {
                    try {
                        return YAML.readTree(body.getBytes());
                    } catch (IOException ignored) {
                        // answered below
                    }
                }
                throw ApiException.badRequest("the request body cannot be decoded: " + e.getMessage());
            }
        }

        // ---- watch: HTTP streaming (kubectl) or WebSocket (fabric8) ----

        private void watch(HttpServerRequest req, Target t) {
            if (t.name() != null) {
                throw ApiException.badRequest("watch a single object with a fieldSelector on metadata.name");
            }
            Selector selector = Selector.parse(req.getParam("labelSelector"), req.getParam("fieldSelector"));
            String rv = req.getParam("resourceVersion");
            long timeout = Long.parseLong(req.getParam("timeoutSeconds", "1800"));
            Context ctx = vertx.getOrCreateContext();
            if ("websocket".equalsIgnoreCase(req.getHeader("Upgrade"))) {
                req.toWebSocket().onSuccess(ws -> {
                    ObjectStore.Watch w = open(t, selector, rv, event -> ctx.runOnContext(v -> {
                        if (!ws.isClosed()) {
                            ws.writeTextMessage(event.toString());
                        }
                    }));
                    if (w == null) {
                        ctx.runOnContext(v -> ws.close());
                        return;
                    }
                    long timer = vertx.setTimer(TimeUnit.SECONDS.toMillis(timeout), id -> ws.close());
                    ws.closeHandler(v -> {
                        vertx.cancelTimer(timer);
                        w.close();
                    });
                });
                return;
            }
            HttpServerResponse resp = req.response().setChunked(true).putHeader("Content-Type", "application/json");
            resp.setStatusCode(200);
            ObjectStore.Watch w = open(t, selector, rv, event -> ctx.runOnContext(v -> {
                if (!resp.ended() && !resp.closed()) {
                    resp.write(event.toString() + "\n");
                }
            }));
            if (w == null) {
                ctx.runOnContext(v -> resp.end());
                return;
            }
            long timer = vertx.setTimer(TimeUnit.SECONDS.toMillis(timeout), id -> {
                w.close();
                if (!resp.ended() && !resp.closed()) {
                    resp.end();
                }
            });
            resp.closeHandler(v -> {
                vertx.cancelTimer(timer);
                w.close();
            });
        }

        /** Opens a store watch; a too old resource version is sent as an ERROR event (as a real server does) and gives null. */
        private ObjectStore.Watch open(Target t, Selector selector, String rv, Consumer<ObjectNode> sink) {
            try {
                return store.watch(t.type(), t.namespace(), selector, rv, sink);
            } catch (ApiException e) {
                ObjectNode event = JsonNodeFactory.instance.objectNode().put("type", "ERROR");
                event.set("object", e.status());
                sink.accept(event);
                return null;
            }
        }

        // ---- answers ----

        private static void send(HttpServerResponse resp, int code, JsonNode body) {
            String text = body.isTextual() ? body.asText() : body.toString();
            resp.setStatusCode(code).putHeader("Content-Type", body.isTextual() ? "text/plain" : "application/json")
                    .end(text);
        }

        private void error(HttpServerRequest req, ApiException e) {
            if (e.code() != 404 || req.method() != HttpMethod.GET) {
                note(req.method() + " " + req.uri() + " -> " + e.code() + " " + e.getMessage());
            }
            send(req.response(), e.code(), e.status());
        }

        private synchronized void note(String line) {
            try {
                Files.writeString(log, Instant.now() + " " + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            } catch (IOException e) {
                // the log is a convenience
            }
        }
    }

    /** For tests: every line of the log of refused requests. */
    List<String> refused() throws IOException {
        return new ArrayList<>(Files.readAllLines(log));
    }
}
