package dev.fluxconfig.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.fluxconfig.sandbox.kube.ObjectStore.PatchType;

/** The API-server rules of the embedded store, on a custom kind with a status subresource and on built-in kinds. */
class ObjectStoreTest {

    static final ObjectMapper JSON = new ObjectMapper();

    ObjectStore store;
    ResourceType widgets;
    ResourceType secrets;
    ResourceType namespaces;

    @BeforeEach
    void setUp() throws Exception {
        store = new ObjectStore(new ResourceTypes());
        store.create(store.types().get("apiextensions.k8s.io", "v1", "customresourcedefinitions"), null, json("""
                {"metadata": {"name": "widgets.example.dev"},
                 "spec": {"group": "example.dev", "scope": "Namespaced",
                          "names": {"plural": "widgets", "singular": "widget", "kind": "Widget"},
                          "versions": [{"name": "v1", "served": true, "storage": true, "subresources": {"status": {}}}]}}
                """));
        widgets = store.types().get("example.dev", "v1", "widgets");
        secrets = store.types().get("", "v1", "secrets");
        namespaces = store.types().get("", "v1", "namespaces");
        store.create(namespaces, null, json("{\"metadata\": {\"name\": \"ns1\"}}"));
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text);
    }

    static String rv(JsonNode o) {
        return o.path("metadata").path("resourceVersion").asText();
    }

    @Test
    void aCustomResourceDefinitionIsEstablishedAndServesItsKind() {
        JsonNode crd = store.get(store.types().get("apiextensions.k8s.io", "v1", "customresourcedefinitions"), null,
                "widgets.example.dev");
        assertThat(crd.path("status").path("conditions").findValuesAsText("type")).contains("Established");
        assertThat(widgets.namespaced()).isTrue();
        assertThat(widgets.statusSubresource()).isTrue();
        assertThat(store.types().resourceList("example.dev", "v1").orElseThrow().path("resources").findValuesAsText("name"))
                .containsExactly("widgets", "widgets/status");
    }

    @Test
    void applyCreatesAMissingObjectThenMergesAndRemovesWhatTheSameManagerNoLongerApplies() throws Exception {
        ObjectNode created = store.patch(widgets, "ns1", "w", PatchType.APPLY, json("""
                {"apiVersion": "example.dev/v1", "kind": "Widget", "metadata": {"name": "w", "labels": {"a": "1", "b": "2"}},
                 "spec": {"size": 1, "color": "red"}}
                """), "agent", false);
        assertThat(created.path("metadata").path("uid").asText()).isNotEmpty();
        assertThat(created.path("metadata").path("generation").asLong()).isEqualTo(1);

        // another manager owns a field of its own
        store.patch(widgets, "ns1", "w", PatchType.APPLY, json("{\"metadata\": {\"labels\": {\"c\": \"3\"}}}"), "other", false);
        // the agent applies again without label b and color: they go, c (someone else's) stays
        ObjectNode next = store.patch(widgets, "ns1", "w", PatchType.APPLY,
                json("{\"metadata\": {\"labels\": {\"a\": \"1\"}}, \"spec\": {\"size\": 2}}"), "agent", false);
        assertThat(next.path("metadata").path("labels")).isEqualTo(json("{\"a\": \"1\", \"c\": \"3\"}"));
        assertThat(next.path("spec")).isEqualTo(json("{\"size\": 2}"));
        assertThat(next.path("metadata").path("generation").asLong()).isEqualTo(2);

        // the same apply again changes nothing: same resource version
        ObjectNode again = store.patch(widgets, "ns1", "w", PatchType.APPLY,
                json("{\"metadata\": {\"labels\": {\"a\": \"1\"}}, \"spec\": {\"size\": 2}}"), "agent", false);
        assertThat(rv(again)).isEqualTo(rv(next));
    }

    @Test
    void statusIsWrittenOnlyThroughTheSubresourceAndGenerationCountsSpecChangesOnly() throws Exception {
        store.create(widgets, "ns1",
                json("{\"metadata\": {\"name\": \"w\"}, \"spec\": {\"size\": 1}, \"status\": {\"ok\": true}}"));
        assertThat(store.get(widgets, "ns1", "w").has("status")).as("status is dropped on create").isFalse();

        ObjectNode s = store.patch(widgets, "ns1", "w", PatchType.APPLY,
                json("{\"spec\": {\"size\": 9}, \"status\": {\"phase\": \"Ready\", \"message\": \"fine\"}}"), "ctl", true);
        assertThat(s.path("status").path("phase").asText()).isEqualTo("Ready");
        assertThat(s.path("spec").path("size").asInt()).as("a status write ignores spec").isEqualTo(1);
        assertThat(s.path("metadata").path("generation").asLong()).isEqualTo(1);

        // the controller's next status apply without message removes it (its own field)
        s = store.patch(widgets, "ns1", "w", PatchType.APPLY, json("{\"status\": {\"phase\": \"Ready\"}}"), "ctl", true);
        assertThat(s.path("status")).isEqualTo(json("{\"phase\": \"Ready\"}"));

        ObjectNode put = s.deepCopy();
        put.with("spec").put("size", 2);
        put.with("status").put("phase", "Hacked");
        ObjectNode updated = store.update(widgets, "ns1", "w", put, false);
        assertThat(updated.path("status").path("phase").asText()).as("a main write ignores status").isEqualTo("Ready");
        assertThat(updated.path("metadata").path("generation").asLong()).isEqualTo(2);

        // a label change is no spec change
        ObjectNode labelled = store.patch(widgets, "ns1", "w", PatchType.MERGE,
                json("{\"metadata\": {\"labels\": {\"x\": \"y\"}}}"), null, false);
        assertThat(labelled.path("metadata").path("generation").asLong()).isEqualTo(2);

        // optimistic concurrency on a stale resource version
        assertThatThrownBy(() -> store.update(widgets, "ns1", "w", put, false)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(409));
    }

    @Test
    void aDeleteWithFinalizersOnlyMarksAndRemovingTheLastFinalizerDeletes() throws Exception {
        store.create(widgets, "ns1", json("{\"metadata\": {\"name\": \"w\", \"finalizers\": [\"a/x\", \"a/y\"]}}"));
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        store.watch(widgets, "ns1", Selector.ALL, String.valueOf(store.revision()), events::add);

        ObjectNode marked = store.delete(widgets, "ns1", "w", false);
        assertThat(marked.path("metadata").path("deletionTimestamp").asText()).isNotEmpty();
        assertThat(store.get(widgets, "ns1", "w")).isNotNull();

        store.patch(widgets, "ns1", "w", PatchType.JSON,
                JSON.readTree("[{\"op\": \"remove\", \"path\": \"/metadata/finalizers/0\"}]"),
                null, false);
        assertThat(store.get(widgets, "ns1", "w").path("metadata").path("finalizers")).hasSize(1);
        store.patch(widgets, "ns1", "w", PatchType.MERGE, json("{\"metadata\": {\"finalizers\": null}}"), null, false);

        assertThatThrownBy(() -> store.get(widgets, "ns1", "w")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(404));
        assertThat(events).extracting(e -> e.path("type").asText()).containsExactly("MODIFIED", "MODIFIED", "DELETED");
    }

    @Test
    void deletingAnOwnerCollectsWhatItOwnsInTheBackgroundUnlessAnotherOwnerLives() throws Exception {
        String owner = store.create(widgets, "ns1", json("{\"metadata\": {\"name\": \"owner\"}}")).path("metadata").path("uid")
                .asText();
        String other = store.create(widgets, "ns1", json("{\"metadata\": {\"name\": \"other\"}}")).path("metadata").path("uid")
                .asText();
        String child = store.create(secrets, "ns1", json(ownedBy("child", owner))).path("metadata").path("uid").asText();
        store.create(secrets, "ns1", json(ownedBy("grandchild", child)));
        ObjectNode shared = json(ownedBy("shared", owner));
        shared.with("metadata").withArray("ownerReferences").addObject().put("apiVersion", "example.dev/v1")
                .put("kind", "Widget").put("name", "other").put("uid", other);
        store.create(secrets, "ns1", shared);

        store.delete(widgets, "ns1", "owner", false);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(names(secrets)).containsExactly("shared"));
    }

    @Test
    void aNamespaceDeletionDeletesItsContentsThenTheNamespace() throws Exception {
        store.create(secrets, "ns1", json("{\"metadata\": {\"name\": \"s\"}}"));
        store.create(widgets, "ns1", json("{\"metadata\": {\"name\": \"held\", \"finalizers\": [\"a/x\"]}}"));

        JsonNode terminating = store.delete(namespaces, null, "ns1", false);
        assertThat(terminating.path("status").path("phase").asText()).isEqualTo("Terminating");
        assertThatThrownBy(() -> store.create(secrets, "ns1", json("{\"metadata\": {\"name\": \"late\"}}")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(403));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(names(secrets)).isEmpty());
        assertThat(store.get(widgets, "ns1", "held").path("metadata").has("deletionTimestamp")).isTrue();
        assertThat(store.get(namespaces, null, "ns1")).as("held by the finalizer of its content").isNotNull();

        store.patch(widgets, "ns1", "held", PatchType.MERGE, json("{\"metadata\": {\"finalizers\": []}}"), null, false);
        assertThatThrownBy(() -> store.get(namespaces, null, "ns1")).isInstanceOf(ApiException.class);
    }

    @Test
    void aWatchFromAResourceVersionSendsOnlyLaterChangesAndFollowsTheLabelSelector() throws Exception {
        store.create(widgets, "ns1", json("{\"metadata\": {\"name\": \"before\", \"labels\": {\"app\": \"x\"}}}"));
        String from = rv(store.list(widgets, "ns1", Selector.ALL));
        store.create(widgets, "ns1", json("{\"metadata\": {\"name\": \"after\", \"labels\": {\"app\": \"x\"}}}"));
        store.create(widgets, "ns1", json("{\"metadata\": {\"name\": \"unlabelled\"}}"));

        List<JsonNode> events = new CopyOnWriteArrayList<>();
        ObjectStore.Watch w = store.watch(widgets, "ns1", Selector.parse("app in (x, y)", null), from, events::add);
        store.patch(widgets, "ns1", "before", PatchType.MERGE, json("{\"metadata\": {\"labels\": {\"app\": \"z\"}}}"), null,
                false);
        store.patch(widgets, "ns1", "unlabelled", PatchType.MERGE, json("{\"metadata\": {\"labels\": {\"app\": \"y\"}}}"),
                null, false);
        w.close();
        store.create(widgets, "ns1", json("{\"metadata\": {\"name\": \"unseen\", \"labels\": {\"app\": \"x\"}}}"));

        assertThat(events).extracting(e -> e.path("type").asText() + " " + e.path("object").path("metadata").path("name")
                .asText()).containsExactly("ADDED after", "DELETED before", "ADDED unlabelled");

        List<JsonNode> initial = new CopyOnWriteArrayList<>();
        store.watch(widgets, null, Selector.parse(null, "metadata.name=after"), null, initial::add).close();
        assertThat(initial).extracting(e -> e.path("type").asText()).containsExactly("ADDED");
    }

    @Test
    void aSecretsStringDataIsStoredAsData() throws Exception {
        JsonNode s = store.create(secrets, "ns1", json("{\"metadata\": {\"name\": \"s\"}, \"stringData\": {\"k\": \"v\"}}"));
        assertThat(s.has("stringData")).isFalse();
        assertThat(s.path("data").path("k").asText()).isEqualTo("dg==");
    }

    private List<String> names(ResourceType type) {
        List<String> out = new java.util.ArrayList<>();
        store.list(type, null, Selector.ALL).path("items").forEach(i -> out.add(i.path("metadata").path("name").asText()));
        return out;
    }

    private static String ownedBy(String name, String ownerUid) {
        return """
                {"metadata": {"name": "%s", "ownerReferences": [{"apiVersion": "example.dev/v1", "kind": "Widget",
                 "name": "o", "uid": "%s"}]}}
                """.formatted(name, ownerUid);
    }
}
