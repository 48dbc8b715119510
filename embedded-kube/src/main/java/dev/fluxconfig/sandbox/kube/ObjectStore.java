package dev.fluxconfig.sandbox.kube;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The objects of the embedded API and the rules a real API server applies when they change: resource versions from one
 * counter, generation bumped on changes outside metadata and status, status written only through the status
 * subresource, finalizers holding a deletion, background garbage collection of owned objects, namespace deletion of
 * its contents, and watches that resume from a resource version kept in a bounded history.
 * <p>
 * One lock guards everything: requests here are few and small, and a single order of events is what watches need.
 * Stored objects are never changed in place; readers get copies.
 */
public final class ObjectStore implements AutoCloseable {

    /** How many past events a watch can resume from; older resource versions answer 410 Gone. */
    static final int HISTORY = 20_000;

    public enum PatchType {
        MERGE, JSON, APPLY
    }

    private record Key(String storage, String namespace, String name) {
    }

    /** An object and, per field manager and subresource, the fields it last applied. */
    private record Entry(ResourceType type, ObjectNode object, Map<String, Set<List<String>>> applied) {
    }

    /** A change as watches see it: the object before (null when added) and after (null when deleted). */
    record Change(long revision, String storage, String namespace, ObjectNode before, ObjectNode after) {
    }

    /** An open watch; {@link #close()} ends it. */
    public final class Watch implements AutoCloseable {
        private final String storage;
        private final String namespace;
        private final Selector selector;
        private final Consumer<ObjectNode> sink;

        private Watch(String storage, String namespace, Selector selector, Consumer<ObjectNode> sink) {
            this.storage = storage;
            this.namespace = namespace;
            this.selector = selector;
            this.sink = sink;
        }

        void offer(Change c) {
            if (!c.storage().equals(storage) || (namespace != null && !namespace.equals(c.namespace()))) {
                return;
            }
            boolean was = c.before() != null && selector.test(c.before());
            boolean is = c.after() != null && selector.test(c.after());
            if (is) {
                send(was ? "MODIFIED" : "ADDED", c.after());
            } else if (was) {
                send("DELETED", c.after() != null ? c.after() : c.before());
            }
        }

        private void send(String type, ObjectNode object) {
            ObjectNode event = JSON.objectNode().put("type", type);
            event.set("object", object.deepCopy());
            sink.accept(event);
        }

        @Override
        public void close() {
            synchronized (ObjectStore.this) {
                watches.remove(this);
            }
        }
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ResourceTypes types;
    private final Map<Key, Entry> objects = new HashMap<>();
    private final Map<String, Key> byUid = new HashMap<>();
    private final Deque<Change> history = new ArrayDeque<>();
    private final List<Watch> watches = new ArrayList<>();
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "embedded-kube-gc");
        t.setDaemon(true);
        return t;
    });
    private long revision = 1;

    public ObjectStore(ResourceTypes types) {
        this.types = types;
        for (String ns : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
            ObjectNode o = JSON.objectNode();
            o.putObject("metadata").put("name", ns);
            create(types.get("", "v1", "namespaces"), null, o);
        }
    }

    public ResourceTypes types() {
        return types;
    }

    public synchronized long revision() {
        return revision;
    }

    // ---- reads ----

    public synchronized ObjectNode get(ResourceType type, String namespace, String name) {
        return withVersion(type, entry(type, namespace, name).object());
    }

    /** The matching objects and the resource version the list is consistent with. */
    public synchronized ObjectNode list(ResourceType type, String namespace, Selector selector) {
        ObjectNode list = JSON.objectNode().put("kind", type.kind() + "List").put("apiVersion", type.apiVersion());
        list.putObject("metadata").put("resourceVersion", String.valueOf(revision));
        ArrayNode items = list.putArray("items");
        new TreeMap<>(byName(type, namespace)).values().stream().filter(selector)
                .forEach(o -> items.add(withVersion(type, o)));
        return list;
    }

    private Map<String, ObjectNode> byName(ResourceType type, String namespace) {
        Map<String, ObjectNode> out = new HashMap<>();
        objects.forEach((k, e) -> {
            if (k.storage().equals(type.storageKey()) && (namespace == null || namespace.equals(k.namespace()))) {
                out.put(k.namespace() + "/" + k.name(), e.object());
            }
        });
        return out;
    }

    /**
     * Starts a watch. Without a resource version (or "0") it first sends every matching object as ADDED; with one it
     * sends what changed after it, or fails with 410 Gone when that is older than the history kept.
     */
    public synchronized Watch watch(ResourceType type, String namespace, Selector selector, String resourceVersion,
            Consumer<ObjectNode> sink) {
        Watch w = new Watch(type.storageKey(), namespace, selector, sink);
        if (resourceVersion == null || resourceVersion.isEmpty() || resourceVersion.equals("0")) {
            new TreeMap<>(byName(type, namespace)).values().stream().filter(selector)
                    .forEach(o -> w.send("ADDED", withVersion(type, o)));
        } else {
            long from = parseVersion(resourceVersion);
            long oldest = history.isEmpty() ? revision : history.peekFirst().revision();
            if (from < oldest - 1 && history.size() >= HISTORY) {
                throw new ApiException(410, "Expired", "too old resource version: " + from + " (" + oldest + ")");
            }
            for (Change c : history) {
                if (c.revision() > from) {
                    w.offer(c);
                }
            }
        }
        watches.add(w);
        return w;
    }

    // ---- writes ----

    public synchronized ObjectNode create(ResourceType type, String namespace, JsonNode body) {
        ObjectNode object = body.deepCopy();
        ObjectNode meta = object.with("metadata");
        String name = meta.path("name").asText("");
        if (name.isEmpty() && !meta.path("generateName").asText("").isEmpty()) {
            name = meta.path("generateName").asText() + UUID.randomUUID().toString().substring(0, 5);
            meta.put("name", name);
        }
        if (name.isEmpty()) {
            throw ApiException.invalid(type.kind() + ": metadata.name: Required value: name or generateName is required");
        }
        namespace = namespaceOf(type, namespace, meta);
        Key key = new Key(type.storageKey(), namespace, name);
        if (objects.containsKey(key)) {
            throw ApiException.alreadyExists(type, name);
        }
        if (type.statusSubresource()) {
            object.remove("status");
        }
        meta.put("uid", UUID.randomUUID().toString());
        meta.put("creationTimestamp", now());
        meta.put("generation", 1);
        meta.remove(List.of("deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "resourceVersion"));
        store(type, key, null, admit(type, null, object), new HashMap<>());
        return get(type, namespace, name);
    }

    /** A PUT: the whole object, or only its status when {@code statusOnly}. */
    public synchronized ObjectNode update(ResourceType type, String namespace, String name, JsonNode body,
            boolean statusOnly) {
        Entry current = entry(type, namespace, name);
        String rv = body.path("metadata").path("resourceVersion").asText("");
        if (!rv.isEmpty() && !rv.equals(current.object().path("metadata").path("resourceVersion").asText())) {
            throw ApiException.conflict(type, name);
        }
        return write(current, (ObjectNode) body.deepCopy(), statusOnly, current.applied());
    }

    public synchronized ObjectNode patch(ResourceType type, String namespace, String name, PatchType patchType,
            JsonNode patch, String fieldManager, boolean statusOnly) {
        Key key = new Key(type.storageKey(), type.namespaced() ? namespace : null, name);
        Entry current = objects.get(key);
        if (current == null && patchType == PatchType.APPLY && !statusOnly) {
            ObjectNode applied = patch.deepCopy();
            applied.with("metadata").put("name", name);
            ObjectNode created = create(type, namespace, applied);
            objects.get(key).applied().put(fieldManager, Patches.appliedPaths(writable(type, applied, false)));
            return created;
        }
        if (current == null) {
            throw ApiException.notFound(type, name);
        }
        String currentRv = current.object().path("metadata").path("resourceVersion").asText();
        ObjectNode candidate = current.object().deepCopy();
        Map<String, Set<List<String>>> applied = current.applied();
        switch (patchType) {
            case MERGE -> {
                checkVersion(type, name, patch, currentRv);
                Patches.mergePatch(candidate, patch);
            }
            case JSON -> {
                candidate = (ObjectNode) Patches.jsonPatch(candidate, patch);
                if (!currentRv.equals(candidate.path("metadata").path("resourceVersion").asText(currentRv))) {
                    throw ApiException.conflict(type, name);
                }
            }
            case APPLY -> {
                checkVersion(type, name, patch, currentRv);
                String manager = statusOnly ? fieldManager + "/status" : fieldManager;
                JsonNode body = writable(type, patch, statusOnly);
                Set<List<String>> now = Patches.appliedPaths(body);
                Set<List<String>> others = new HashSet<>();
                applied.forEach((m, paths) -> {
                    if (!m.equals(manager)) {
                        others.addAll(paths);
                    }
                });
                Patches.apply(candidate, body, applied.getOrDefault(manager, Set.of()), now, others);
                // a forced apply takes the fields from their previous managers
                applied = new HashMap<>(applied);
                for (Map.Entry<String, Set<List<String>>> e : applied.entrySet()) {
                    Set<List<String>> kept = new HashSet<>(e.getValue());
                    kept.removeAll(now);
                    e.setValue(kept);
                }
                applied.put(manager, now);
            }
        }
        return write(current, candidate, statusOnly, applied);
    }

    /**
     * Deletes an object: with finalizers it is only marked (deletionTimestamp); otherwise it is removed and the objects
     * it owns are collected in the background. A namespace is marked, emptied, then removed.
     */
    public synchronized ObjectNode delete(ResourceType type, String namespace, String name, boolean orphan) {
        Entry current = entry(type, namespace, name);
        ObjectNode object = current.object();
        boolean isNamespace = type.is("", "namespaces");
        if (object.path("metadata").path("finalizers").size() > 0 || (isNamespace && !contents(name).isEmpty())) {
            if (!object.path("metadata").has("deletionTimestamp")) {
                ObjectNode marked = object.deepCopy();
                marked.with("metadata").put("deletionTimestamp", now()).put("deletionGracePeriodSeconds", 0);
                if (isNamespace) {
                    marked.with("status").put("phase", "Terminating");
                }
                store(type, keyOf(type, marked), object, marked, current.applied());
                if (isNamespace) {
                    background.execute(() -> emptyNamespace(name));
                }
            }
            return get(type, namespace, name);
        }
        remove(current, orphan);
        return withVersion(type, object);
    }

    /** Deletes every matching object of a collection, as {@code deletecollection} does. */
    public synchronized ObjectNode deleteCollection(ResourceType type, String namespace, Selector selector) {
        ObjectNode list = list(type, namespace, selector);
        for (JsonNode item : list.path("items")) {
            JsonNode meta = item.path("metadata");
            delete(type, meta.path("namespace").asText(null), meta.path("name").asText(), false);
        }
        return list;
    }

    // ---- the rules ----

    /** Applies a write: the parts a PUT/PATCH may change, generation, finalizer-completed deletion. */
    private ObjectNode write(Entry current, ObjectNode candidate, boolean statusOnly,
            Map<String, Set<List<String>>> applied) {
        ResourceType type = current.type();
        ObjectNode before = current.object();
        ObjectNode next;
        if (statusOnly) {
            next = before.deepCopy();
            if (candidate.has("status")) {
                next.set("status", candidate.get("status"));
            } else {
                next.remove("status");
            }
        } else {
            next = candidate;
            if (type.statusSubresource()) {
                if (before.has("status")) {
                    next.set("status", before.get("status"));
                } else {
                    next.remove("status");
                }
            }
        }
        // identity and server-owned metadata cannot be changed by a client
        ObjectNode meta = next.with("metadata");
        JsonNode was = before.get("metadata");
        for (String f : List.of("name", "namespace", "uid", "creationTimestamp", "deletionTimestamp",
                "deletionGracePeriodSeconds", "generation", "resourceVersion")) {
            if (was.has(f)) {
                meta.set(f, was.get(f));
            } else {
                meta.remove(f);
            }
        }
        meta.remove("managedFields");
        next.put("apiVersion", before.path("apiVersion").asText()).put("kind", before.path("kind").asText());
        next = admit(type, before, next);
        if (!withoutBookkeeping(before).equals(withoutBookkeeping(next))) {
            meta.put("generation", was.path("generation").asLong(1) + 1);
        }
        if (next.equals(before)) {
            // a write that changes nothing keeps the resource version and sends no event, as on a real server
            objects.put(keyOf(type, before), new Entry(type, before, applied));
            return withVersion(type, before);
        }
        if (meta.has("deletionTimestamp") && meta.path("finalizers").isEmpty()) {
            Entry done = new Entry(type, next, applied);
            remove(done, false);
            return withVersion(type, next);
        }
        store(type, keyOf(type, next), before, next, applied);
        return withVersion(type, objects.get(keyOf(type, next)).object());
    }

    /** The spec-like content: everything but metadata and status (what generation counts). */
    private static JsonNode withoutBookkeeping(ObjectNode o) {
        ObjectNode copy = o.deepCopy();
        copy.remove(List.of("metadata", "status", "apiVersion", "kind"));
        return copy;
    }

    /** Server-side defaults and conversions of a kind. */
    private ObjectNode admit(ResourceType type, ObjectNode before, ObjectNode object) {
        if (type.is("", "secrets") && object.has("stringData")) {
            ObjectNode data = object.with("data");
            object.get("stringData").fields().forEachRemaining(e -> data.put(e.getKey(),
                    java.util.Base64.getEncoder()
                            .encodeToString(e.getValue().asText().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            object.remove("stringData");
        }
        if (type.is("", "namespaces") && !object.path("metadata").has("deletionTimestamp")) {
            object.with("status").put("phase", "Active");
        }
        if (type.is(ResourceTypes.CRD_GROUP, "customresourcedefinitions")) {
            boolean sameNames = before != null
                    && before.path("status").path("acceptedNames").equals(object.path("spec").path("names"));
            object.set("status", sameNames ? before.get("status") : ResourceTypes.establishedStatus(object, now()));
        }
        return object;
    }

    /** What of an applied configuration counts for its manager: the status alone through /status, else all but status. */
    private static JsonNode writable(ResourceType type, JsonNode applied, boolean statusOnly) {
        ObjectNode copy = applied.deepCopy();
        if (statusOnly) {
            ObjectNode only = JSON.objectNode();
            if (copy.has("status")) {
                only.set("status", copy.get("status"));
            }
            return only;
        }
        if (type.statusSubresource()) {
            copy.remove("status");
        }
        return copy;
    }

    private void store(ResourceType type, Key key, ObjectNode before, ObjectNode after,
            Map<String, Set<List<String>>> applied) {
        revision++;
        after.with("metadata").put("resourceVersion", String.valueOf(revision));
        after.put("apiVersion", type.apiVersion()).put("kind", type.kind());
        objects.put(key, new Entry(type, after, applied));
        byUid.put(after.path("metadata").path("uid").asText(), key);
        if (type.is(ResourceTypes.CRD_GROUP, "customresourcedefinitions")) {
            types.register(after);
        }
        publish(new Change(revision, key.storage(), key.namespace(), before, after));
    }

    private void remove(Entry entry, boolean orphan) {
        ResourceType type = entry.type();
        Key key = keyOf(type, entry.object());
        ObjectNode gone = entry.object().deepCopy();
        revision++;
        gone.with("metadata").put("resourceVersion", String.valueOf(revision));
        objects.remove(key);
        String uid = gone.path("metadata").path("uid").asText();
        byUid.remove(uid);
        publish(new Change(revision, key.storage(), key.namespace(), gone, null));
        if (type.is(ResourceTypes.CRD_GROUP, "customresourcedefinitions")) {
            List<ResourceType> served = types.unregister(key.name());
            if (!served.isEmpty()) {
                background.execute(() -> deleteAllOf(served.get(0)));
            }
        }
        if (!orphan) {
            background.execute(() -> collectDependents(uid));
        }
        if (key.namespace() != null) {
            Entry ns = objects.get(new Key("/namespaces", null, key.namespace()));
            if (ns != null && ns.object().path("metadata").has("deletionTimestamp") && contents(key.namespace()).isEmpty()
                    && ns.object().path("metadata").path("finalizers").isEmpty()) {
                remove(ns, false);
            }
        }
    }

    /** Garbage collection: objects whose owners are all gone are deleted (their own finalizers still hold them). */
    private synchronized void collectDependents(String ownerUid) {
        for (Entry e : List.copyOf(objects.values())) {
            JsonNode owners = e.object().path("metadata").path("ownerReferences");
            boolean ownedByIt = false;
            boolean otherOwnerLives = false;
            for (JsonNode ref : owners) {
                String uid = ref.path("uid").asText();
                ownedByIt |= uid.equals(ownerUid);
                otherOwnerLives |= !uid.equals(ownerUid) && byUid.containsKey(uid);
            }
            if (ownedByIt && !otherOwnerLives && stillStored(e)) {
                JsonNode meta = e.object().path("metadata");
                delete(e.type(), meta.path("namespace").asText(null), meta.path("name").asText(), false);
            }
        }
    }

    private synchronized void emptyNamespace(String namespace) {
        for (Entry e : contents(namespace)) {
            if (stillStored(e) && !e.object().path("metadata").has("deletionTimestamp")) {
                delete(e.type(), namespace, e.object().path("metadata").path("name").asText(), false);
            }
        }
    }

    private synchronized void deleteAllOf(ResourceType type) {
        for (Entry e : List.copyOf(objects.values())) {
            if (e.type().storageKey().equals(type.storageKey())) {
                Key key = keyOf(e.type(), e.object());
                objects.remove(key);
                byUid.remove(e.object().path("metadata").path("uid").asText());
                revision++;
                publish(new Change(revision, key.storage(), key.namespace(), e.object(), null));
            }
        }
    }

    private boolean stillStored(Entry e) {
        return objects.get(keyOf(e.type(), e.object())) == e;
    }

    private List<Entry> contents(String namespace) {
        return objects.entrySet().stream().filter(e -> namespace.equals(e.getKey().namespace())).map(Map.Entry::getValue)
                .toList();
    }

    private void publish(Change change) {
        history.addLast(change);
        while (history.size() > HISTORY) {
            history.removeFirst();
        }
        for (Watch w : List.copyOf(watches)) {
            w.offer(change);
        }
    }

    // ---- helpers ----

    private Entry entry(ResourceType type, String namespace, String name) {
        Entry e = objects.get(new Key(type.storageKey(), type.namespaced() ? namespace : null, name));
        if (e == null) {
            throw ApiException.notFound(type, name);
        }
        return e;
    }

    private String namespaceOf(ResourceType type, String pathNamespace, ObjectNode meta) {
        if (!type.namespaced()) {
            meta.remove("namespace");
            return null;
        }
        String ns = meta.path("namespace").asText("");
        if (pathNamespace != null && !ns.isEmpty() && !ns.equals(pathNamespace)) {
            throw ApiException
                    .badRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        ns = pathNamespace != null ? pathNamespace : ns;
        if (ns.isEmpty()) {
            throw ApiException.badRequest("a namespace is required for " + type.plural());
        }
        Entry nsEntry = objects.get(new Key("/namespaces", null, ns));
        if (nsEntry == null) {
            throw new ApiException(404, "NotFound", "namespaces \"" + ns + "\" not found");
        }
        if (nsEntry.object().path("metadata").has("deletionTimestamp")) {
            throw new ApiException(403, "Forbidden", type.plural() + " \"" + meta.path("name").asText()
                    + "\" is forbidden: unable to create new content in namespace " + ns + " because it is being terminated");
        }
        meta.put("namespace", ns);
        return ns;
    }

    private static Key keyOf(ResourceType type, JsonNode object) {
        JsonNode meta = object.path("metadata");
        return new Key(type.storageKey(), type.namespaced() ? meta.path("namespace").asText() : null,
                meta.path("name").asText());
    }

    private static void checkVersion(ResourceType type, String name, JsonNode patch, String currentRv) {
        String rv = patch.path("metadata").path("resourceVersion").asText("");
        if (!rv.isEmpty() && !rv.equals(currentRv)) {
            throw ApiException.conflict(type, name);
        }
    }

    private static long parseVersion(String rv) {
        try {
            return Long.parseLong(rv);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid resource version: " + rv);
        }
    }

    /** A copy with the apiVersion the request asked for (versions of one kind share storage). */
    private static ObjectNode withVersion(ResourceType type, ObjectNode stored) {
        ObjectNode copy = stored.deepCopy();
        copy.put("apiVersion", type.apiVersion());
        return copy;
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Waits for background garbage collection queued so far (tests). */
    void awaitBackground() throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        background.execute(done::countDown);
        done.await(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        background.shutdownNow();
        synchronized (this) {
            watches.clear();
        }
    }
}
