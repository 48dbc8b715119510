package dev.fluxconfig.sandbox.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a running sandbox tells the command line: where the data-plane emulator's admin API is, which cluster it plays,
 * and the kubeconfig. Kept in {@code .sandbox/state.json} of the directory the tutorial runs in.
 */
public final class SandboxState {

    private String admin;
    private String clusterPath;
    private String kubeconfig;

    public SandboxState() {
    }

    public SandboxState(String admin, String clusterPath, String kubeconfig) {
        this.admin = admin;
        this.clusterPath = clusterPath;
        this.kubeconfig = kubeconfig;
    }

    public String getAdmin() {
        return admin;
    }

    public String getClusterPath() {
        return clusterPath;
    }

    public String getKubeconfig() {
        return kubeconfig;
    }

    static final ObjectMapper JSON = new ObjectMapper();
    static final String FILE = "state.json";

    public void write(Path workDir) throws IOException {
        Files.createDirectories(workDir);
        JSON.writerWithDefaultPrettyPrinter().writeValue(workDir.resolve(FILE).toFile(), this);
    }

    public static SandboxState read(Path workDir) {
        Path file = workDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no running sandbox: " + file + " is missing (start it with: tutorial)");
        }
        try {
            return JSON.readValue(file.toFile(), SandboxState.class);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The emulator's admin API for this cluster, as the ARM side of {@code az k8s-configuration flux}. */
    public Admin admin() {
        return new Admin(this);
    }

    /** A small client of the emulator's admin API. */
    public static final class Admin {
        private final SandboxState state;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        Admin(SandboxState state) {
            this.state = state;
        }

        private String url(String suffix) {
            return state.getAdmin() + state.getClusterPath() + suffix;
        }

        public JsonNode put(String name, Object desired) throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/configurations/" + name)))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(desired))).build(),
                    HttpResponse.BodyHandlers.ofString());
            check(r);
            return JSON.readTree(r.body());
        }

        /** The configuration, or null when there is none by that name. */
        public JsonNode get(String name) throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/configurations/" + name))).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 404) {
                return null;
            }
            check(r);
            return JSON.readTree(r.body());
        }

        public boolean delete(String name) throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(url("/configurations/" + name))).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 404) {
                return false;
            }
            check(r);
            return true;
        }

        public List<JsonNode> list() throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/configurations"))).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            check(r);
            List<JsonNode> out = new ArrayList<>();
            JSON.readTree(r.body()).forEach(out::add);
            return out;
        }

        /** The statuses the agent posted, by configuration name. */
        public Map<String, JsonNode> statuses() throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/statuses"))).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            check(r);
            Map<String, JsonNode> out = new java.util.TreeMap<>();
            JSON.readTree(r.body()).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
            return out;
        }

        private static void check(HttpResponse<String> r) {
            if (r.statusCode() >= 300) {
                throw new IllegalStateException("the data-plane emulator answered " + r.statusCode() + ": " + r.body());
            }
        }
    }
}
