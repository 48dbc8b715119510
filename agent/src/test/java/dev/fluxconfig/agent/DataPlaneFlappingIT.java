package dev.fluxconfig.agent;

import static dev.fluxconfig.model.FluxConfigConstants.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fluxconfig.agent.health.AgentHealth;
import dev.fluxconfig.agent.testing.EmulatorResource;
import dev.fluxconfig.agent.testing.InjectEmulator;
import dev.fluxconfig.agent.testing.RealKubeResource;
import dev.fluxconfig.model.dataplane.DesiredConfiguration;
import dev.fluxconfig.model.dataplane.DesiredConfigurationMapper;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.sandbox.emulator.DataPlaneEmulator;
import dev.fluxconfig.sandbox.emulator.FailureMode;
import dev.fluxconfig.testing.RealKubeServer;

/**
 * Ten configurations (five with protected settings) while the data plane flaps between good answers and every failure the
 * fake can serve: transport faults, error statuses, token failures, bodies that are malformed, truncated, of the wrong
 * type, or well-formed with invalid, incomplete or nameless entries. An informer of its own records every event on the
 * FluxConfigs and Secrets of the namespace: none is deleted, and only the two intended changes (sent between failures)
 * ever change one. Afterwards the cluster is exactly the desired state and the agent is live and ready.
 */
@QuarkusTest
@WithTestResource(RealKubeResource.class)
@WithTestResource(value = EmulatorResource.class, initArgs = @ResourceArg(name = "poll-interval", value = "250ms"))
class DataPlaneFlappingIT {

    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    static final String NS = "flapping-" + SUFFIX;
    static final int CONFIGS = 10;
    static final ObjectMapper JSON = new ObjectMapper();

    /** Every way the data plane can break (DELAYED answers in the end, with the agent's timeout it is a TIMEOUT). */
    static final FailureMode[] FAILURES = java.util.Arrays.stream(FailureMode.values())
            .filter(m -> m != FailureMode.NONE && m != FailureMode.DELAYED).toArray(FailureMode[]::new);

    @InjectEmulator
    DataPlaneEmulator emulator;
    @Inject
    AgentHealth health;
    @TestHTTPResource("/q/health/ready")
    URL ready;
    @TestHTTPResource("/q/health/live")
    URL live;

    final KubernetesClient kube = RealKubeServer.get().client();

    @AfterAll
    static void cleanUp() {
        RealKubeServer.get().client().namespaces().withName(NS).delete();
    }

    static String name(int i) {
        return "flap-" + SUFFIX + "-" + i;
    }

    static String httpsKey(int i, int rotation) {
        return Base64.getEncoder().encodeToString(("pat-" + i + "-" + rotation).getBytes(StandardCharsets.UTF_8));
    }

    /** Configuration i: even ones over https with a user and an httpsKey (a protected Secret), odd ones public. */
    static DesiredConfiguration config(int i, long version, String branch, int keyRotation) throws Exception {
        boolean secret = i % 2 == 0;
        return JSON.readValue("""
                {"name":"%s","operationId":"op-%d","correlationId":"corr-%d-%d","version":%d,
                 "properties":{"namespace":"%s","scope":"cluster","sourceKind":"GitRepository",
                  "gitRepository":{"url":"https://example.com/org/repo-%d",%s"repositoryRef":{"branch":"%s"}},
                  "kustomizations":{"infra":{"path":"./infra","prune":true},"apps":{"path":"./apps","dependsOn":["infra"]}}
                  %s}}""".formatted(name(i), version, i, version, version, NS, i,
                secret ? "\"httpsUser\":\"git-user\"," : "", branch,
                secret ? ",\"configurationProtectedSettings\":{\"httpsKey\":\"" + httpsKey(i, keyRotation) + "\"}" : ""),
                DesiredConfiguration.class);
    }

    /** What happened to one object, as seen by the test's own informer. */
    record Event(String type, String key, String resourceVersion, String content) {
    }

    final List<Event> events = new CopyOnWriteArrayList<>();

    <T extends HasMetadata> SharedIndexInformer<T> record(SharedIndexInformer<T> informer) {
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                if (!oldObj.getMetadata().getResourceVersion().equals(newObj.getMetadata().getResourceVersion())) {
                    events.add(event("MODIFIED", newObj));
                }
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                events.add(event("DELETED", obj));
            }
        });
        return informer;
    }

    static Event event(String type, HasMetadata o) {
        String content = o instanceof FluxConfig c
                ? Serialization.asJson(c.getSpec())
                : Serialization.asJson(new TreeMap<>(((Secret) o).getData()));
        return new Event(type, o.getKind() + "/" + o.getMetadata().getName(), o.getMetadata().getResourceVersion(), content);
    }

    List<FluxConfig> configs() {
        return kube.resources(FluxConfig.class).inNamespace(NS).list().getItems();
    }

    List<Secret> secrets() {
        return kube.secrets().inNamespace(NS).withLabel(LABEL_MANAGED_BY, MANAGED_BY_AGENT).list().getItems();
    }

    int status(URL url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url.toString())).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** The cluster holds exactly these configurations: every desired field on the resource, and the exact Secrets. */
    boolean matches(List<DesiredConfiguration> desired, Map<Integer, Integer> rotations) {
        List<FluxConfig> crs = configs();
        if (crs.size() != desired.size() || secrets().size() != CONFIGS / 2) {
            return false;
        }
        for (DesiredConfiguration d : desired) {
            FluxConfig cr = kube.resources(FluxConfig.class).inNamespace(NS).withName(d.name()).get();
            if (cr == null || !contains(JSON.valueToTree(cr.getSpec()),
                    JSON.valueToTree(DesiredConfigurationMapper.map(d).config().getSpec()))) {
                return false;
            }
        }
        for (int i = 0; i < CONFIGS; i += 2) {
            Secret s = kube.secrets().inNamespace(NS).withName(protectedSettingsSecretName(name(i))).get();
            String expected = Base64.getEncoder()
                    .encodeToString(httpsKey(i, rotations.getOrDefault(i, 0)).getBytes(StandardCharsets.UTF_8));
            if (s == null || !Map.of(PS_HTTPS_KEY, expected).equals(s.getData())) {
                return false;
            }
        }
        return true;
    }

    /** Whether every field of {@code expected} is in {@code actual} with the same value (the server adds defaults). */
    static boolean contains(JsonNode actual, JsonNode expected) {
        if (expected == null || expected.isNull()) {
            return true;
        }
        if (expected.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!f.getValue().isNull() && !contains(actual.get(f.getKey()), f.getValue())) {
                    return false;
                }
            }
            return actual != null && actual.isObject();
        }
        if (expected.isArray()) {
            if (actual == null || !actual.isArray() || actual.size() != expected.size()) {
                return false;
            }
            for (int i = 0; i < expected.size(); i++) {
                if (!contains(actual.get(i), expected.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return expected.equals(actual);
    }

    @Test
    void failuresNeverDeleteOrChangeAnythingAndTheAgentRecovers() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(health::ready);
        List<DesiredConfiguration> v1 = new ArrayList<>();
        for (int i = 0; i < CONFIGS; i++) {
            v1.add(config(i, 1, "main", 0));
        }
        emulator.configurations(EmulatorResource.CLUSTER_PATH, v1);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> matches(v1, Map.of()));

        SharedIndexInformer<FluxConfig> crInformer = record(kube.resources(FluxConfig.class).inNamespace(NS).inform());
        SharedIndexInformer<Secret> secretInformer = record(
                kube.secrets().inNamespace(NS).withLabel(LABEL_MANAGED_BY, MANAGED_BY_AGENT).inform());
        List<DesiredConfiguration> desired = v1;
        Map<Integer, Integer> rotations = Map.of();
        try {
            FailureMode[] kinds = FAILURES;
            for (int k = 0; k < kinds.length; k++) {
                if (k == kinds.length / 2) {
                    // the intended changes, between two failures: configuration 3 follows another branch, 0 rotates its key
                    List<DesiredConfiguration> v2 = new ArrayList<>(v1);
                    v2.set(3, config(3, 2, "release", 0));
                    v2.set(0, config(0, 2, "main", 1));
                    emulator.configurations(EmulatorResource.CLUSTER_PATH, v2);
                    desired = v2;
                    rotations = Map.of(0, 1);
                    List<DesiredConfiguration> target = desired;
                    Map<Integer, Integer> rotated = rotations;
                    await().atMost(Duration.ofSeconds(60)).until(() -> matches(target, rotated));
                }
                FailureMode kind = kinds[k];
                emulator.failure(kind, "poll");
                await("%s served twice".formatted(kind)).atMost(Duration.ofSeconds(60))
                        .until(() -> emulator.journal().served(kind) >= 2);
                emulator.heal();
                long good = emulator.journal().goodPolls();
                await("a good answer after %s".formatted(kind)).atMost(Duration.ofSeconds(60))
                        .until(() -> emulator.journal().goodPolls() > good);
            }

            List<DesiredConfiguration> target = desired;
            Map<Integer, Integer> rotated = rotations;
            await().atMost(Duration.ofSeconds(60)).until(() -> matches(target, rotated) && health.ready());
            assertThat(status(ready)).isEqualTo(200);
            assertThat(status(live)).isEqualTo(200);
            for (FailureMode kind : FAILURES) {
                assertThat(emulator.journal().served(kind)).as("%s was served", kind).isGreaterThanOrEqualTo(2);
            }
            // the invalid entry was refused and reported, and the configuration it named came back to Succeeded
            assertThat(emulator.journal().statusPosts(name(0))).isNotEmpty();
        } finally {
            crInformer.stop();
            secretInformer.stop();
        }

        assertThat(events).filteredOn(e -> e.type().equals("DELETED")).as("deletions").isEmpty();
        Set<String> changed = events.stream().map(Event::key).collect(Collectors.toSet());
        assertThat(changed).as("objects that changed")
                .isSubsetOf("FluxConfig/" + name(0), "FluxConfig/" + name(3), "Secret/" + protectedSettingsSecretName(name(0)));
        // every change that happened is the intended one: each object went straight to its final content
        for (Event e : events) {
            String[] kindAndName = e.key().split("/");
            HasMetadata now = kindAndName[0].equals("FluxConfig")
                    ? kube.resources(FluxConfig.class).inNamespace(NS).withName(kindAndName[1]).get()
                    : kube.secrets().inNamespace(NS).withName(kindAndName[1]).get();
            assertThat(e.content()).as("content of %s at %s", e.key(), e.resourceVersion())
                    .isEqualTo(event("MODIFIED", now).content());
        }
        assertThat(events.stream().filter(e -> e.key().startsWith("FluxConfig/"))).as("FluxConfig changes").hasSize(2);
    }
}
