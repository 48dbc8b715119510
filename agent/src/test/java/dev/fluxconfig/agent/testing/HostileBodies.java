package dev.fluxconfig.agent.testing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of {@code getPendingConfigs} bodies for fuzzing the agent's data-plane boundary: valid configurations of every
 * source kind, hostile values (wrong types, nulls, huge and strange strings, out-of-range numbers, deep nesting, huge
 * arrays, names that break DNS rules, path traversal), and mutations that plant them anywhere in an entry, including
 * duplicate keys. Bodies are written by hand so that duplicate keys, lone surrogates and 10 000-level nesting reach the
 * parser as text.
 */
public final class HostileBodies {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    public static final String HTTPS_KEY = b64("pat-value-for-fuzzing");
    public static final String SSH_KEY = b64(
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n");
    public static final String BUCKET_SECRET = b64("bucket-secret-value");

    private HostileBodies() {
    }

    public static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A value that cannot be an ObjectNode child as text: {@code depth} nested arrays or objects, written iteratively. */
    public record Deep(int depth, boolean objects) {
    }

    /** One change to an entry: where (an index into its nodes, taken modulo their number), what, and with which value. */
    public record Mutation(int where, Op op, String key, JsonNode value) {
        @Override
        public String toString() {
            String v = value == null
                    ? "null"
                    : value instanceof POJONode p ? p.getPojo().toString() : abbreviate(value.toString());
            return op + "@" + where + (key == null ? "" : "[" + abbreviate(key) + "]") + "=" + v;
        }
    }

    public enum Op {
        /** Replace the node (the root, a field or an element) with the value. */
        REPLACE,
        /** Remove the node from its parent. */
        REMOVE,
        /** Add a field {@code key} (or an element) with the value to an object (array); else replace. */
        ADD,
        /** Write the value again under one of the object's existing keys (a duplicate key); else replace. */
        DUPLICATE
    }

    /** An entry tree plus the duplicate fields to write after each object's own fields. */
    public static final class Entry {
        public final JsonNode tree;
        final IdentityHashMap<JsonNode, List<Map.Entry<String, JsonNode>>> duplicates;

        Entry(JsonNode tree, IdentityHashMap<JsonNode, List<Map.Entry<String, JsonNode>>> duplicates) {
            this.tree = tree;
            this.duplicates = duplicates;
        }

        public String text() {
            StringBuilder b = new StringBuilder();
            write(b, tree, duplicates);
            return b.toString();
        }
    }

    // ---------------------------------------------------------------- valid configurations

    /** A valid configuration entry of any source kind; its protected settings (if any) are inside it. */
    public static Arbitrary<ObjectNode> validEntry(String name, String namespace) {
        Arbitrary<Integer> kind = Arbitraries.integers().between(0, 4);
        Arbitrary<Integer> auth = Arbitraries.integers().between(0, 2);
        Arbitrary<Integer> ref = Arbitraries.integers().between(0, 3);
        Arbitrary<Integer> kustomizations = Arbitraries.integers().between(1, 3);
        Arbitrary<Long> interval = Arbitraries.longs().between(1, 86_400);
        Arbitrary<Boolean> flag = Arbitraries.of(true, false);
        Arbitrary<Integer> version = Arbitraries.integers().between(1, 1000);
        return Combinators.combine(kind, auth, ref, kustomizations, interval, flag, version)
                .as((k, a, r, n, i, f, v) -> validEntry(name, namespace, k, a, r, n, i, f, v));
    }

    public static ObjectNode validEntry(String name, String namespace, int kind, int auth, int ref, int kustomizations,
            long interval, boolean flag, int version) {
        ObjectNode e = F.objectNode();
        e.put("name", name);
        e.put("operationId", "op-" + name + "-" + version);
        e.put("correlationId", "corr-" + name + "-" + version);
        e.put("version", version);
        ObjectNode p = e.putObject("properties");
        p.put("namespace", namespace);
        p.put("scope", flag ? "cluster" : "namespace");
        p.put("suspend", !flag);
        ObjectNode ps = F.objectNode();
        switch (kind) {
            case 0, 1 -> {
                p.put("sourceKind", "GitRepository");
                ObjectNode git = p.putObject("gitRepository");
                git.put("syncIntervalInSeconds", interval);
                git.put("timeoutInSeconds", Math.max(1, interval / 2));
                ObjectNode rr = git.putObject("repositoryRef");
                switch (ref) {
                    case 0 -> rr.put("branch", "main");
                    case 1 -> rr.put("tag", "v1.2." + version);
                    case 2 -> rr.put("semver", ">=1.0.0");
                    default -> rr.put("commit", "0123456789abcdef0123456789abcdef01234567");
                }
                if (kind == 0) {
                    git.put("url", "https://example.com/org/repo-" + version);
                    if (auth == 1) {
                        git.put("httpsUser", "git-user");
                        ps.put("httpsKey", HTTPS_KEY);
                    }
                } else {
                    git.put("url", auth == 2 ? "git@example.com:org/repo.git" : "ssh://git@example.com/org/repo");
                    if (auth >= 1) {
                        ps.put("sshPrivateKey", SSH_KEY);
                    }
                }
            }
            case 2 -> {
                p.put("sourceKind", "Bucket");
                ObjectNode bucket = p.putObject("bucket");
                bucket.put("url", "https://s3.example.com");
                bucket.put("bucketName", "bucket-" + version);
                bucket.put("syncIntervalInSeconds", interval);
                if (auth == 0) {
                    bucket.put("localAuthRef", "bucket-credentials");
                } else {
                    bucket.put("accessKey", "AKIAFUZZ");
                    ps.put("bucketSecretKey", BUCKET_SECRET);
                }
            }
            case 3 -> {
                p.put("sourceKind", "OCIRepository");
                ObjectNode oci = p.putObject("ociRepository");
                oci.put("url", "oci://registry.example.com/org/manifests");
                oci.putObject("repositoryRef").put("tag", "1." + version);
                oci.put("syncIntervalInSeconds", interval);
            }
            default -> {
                p.put("sourceKind", "AzureBlob");
                ObjectNode blob = p.putObject("azureBlob");
                blob.put("url", "https://account.blob.core.windows.net");
                blob.put("containerName", "container-" + version);
                if (auth >= 1) {
                    blob.put("accountKey", b64("account-key-" + version));
                }
            }
        }
        if (!ps.isEmpty()) {
            p.set("configurationProtectedSettings", ps);
        }
        ObjectNode ks = p.putObject("kustomizations");
        for (int i = 0; i < kustomizations; i++) {
            ObjectNode k = ks.putObject("k" + i);
            k.put("path", "./clusters/" + name + "/k" + i);
            k.put("prune", flag);
            k.put("syncIntervalInSeconds", interval);
            if (i > 0) {
                k.putArray("dependsOn").add("k" + (i - 1));
            }
            if (i == 1) {
                k.putObject("postBuild").putObject("substitute").put("cluster_name", name);
            }
        }
        return e;
    }

    // ---------------------------------------------------------------- hostile values

    /** 1 MiB of text. */
    public static final String HUGE = "x".repeat(1 << 20);

    public static Arbitrary<JsonNode> hostileValue() {
        Arbitrary<JsonNode> scalars = Arbitraries.of(F.nullNode(), F.booleanNode(true), F.numberNode(0), F.numberNode(-1),
                F.numberNode(1.5), F.numberNode(Long.MAX_VALUE), F.numberNode(new BigInteger("18446744073709551616")),
                F.numberNode(new BigInteger("-9223372036854775809")), F.numberNode(new BigDecimal("1e400")),
                F.numberNode(new BigDecimal("-1e-400")), F.textNode(""), F.textNode(" "), F.objectNode(), F.arrayNode());
        Arbitrary<JsonNode> strings = Arbitraries.of("\u202Eevil\u202C", "a\u200Bb", "\uD800", "\uDC00x", "\uD83D\uDE00",
                "nul\u0000byte", "line\nbreak", "tab\tand\rcr", "Upper-Case", "-leading", "trailing-", "a_b", "a..b",
                "a".repeat(64), "a".repeat(254), "../../etc/passwd", "/absolute/path", "..\\..\\windows", "./ok/../../up",
                "%2e%2e%2f", "ftp://example.com/repo", "git@", "https://", "oci://", "javascript:alert(1)", "${HOME}",
                "\\u0000", "{\"a\":1}", "null", "1e999", "\uFEFFbom", "\u0007bell", "éè中文").map(F::textNode);
        Arbitrary<JsonNode> big = Arbitraries.of(F.textNode(HUGE), F.textNode("\u202E".repeat(1 << 18)), hugeArray(30_000),
                hugeObject(5_000));
        Arbitrary<JsonNode> deep = Arbitraries.of(new Deep(10_000, false), new Deep(10_000, true), new Deep(90, false),
                new Deep(40, true), new Deep(3, false)).map(POJONode::new);
        Arbitrary<JsonNode> shapes = Arbitraries.of(F.arrayNode().add("a").add(F.nullNode()).add(7),
                F.objectNode().put("name", 5).putNull("properties"), F.objectNode().set("kustomizations", F.textNode("k")));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, scalars), net.jqwik.api.Tuple.of(8, strings),
                net.jqwik.api.Tuple.of(1, big), net.jqwik.api.Tuple.of(1, deep), net.jqwik.api.Tuple.of(2, shapes));
    }

    private static JsonNode hugeArray(int size) {
        ArrayNode a = F.arrayNode();
        for (int i = 0; i < size; i++) {
            a.add("k" + (i % 7));
        }
        return a;
    }

    private static JsonNode hugeObject(int size) {
        ObjectNode o = F.objectNode();
        for (int i = 0; i < size; i++) {
            o.put("k" + i, "v");
        }
        return o;
    }

    public static Arbitrary<String> hostileKey() {
        return Arbitraries.of("name", "properties", "namespace", "kustomizations", "path", "dependsOn", "url",
                "configurationProtectedSettings", "sshPrivateKey", "httpsKey", "sourceKind", "scope", "", "__proto__",
                "nul\u0000key", "\uD83D\uDE00", "\u202Ertl", "a".repeat(1000));
    }

    public static Arbitrary<Mutation> mutation() {
        return Combinators.combine(Arbitraries.integers().between(0, 10_000), Arbitraries.of(Op.class), hostileKey(),
                hostileValue()).as(Mutation::new);
    }

    // ---------------------------------------------------------------- applying mutations

    /** A deep copy of the entry with the mutations applied in order. */
    public static Entry mutate(ObjectNode valid, List<Mutation> mutations) {
        JsonNode root = valid.deepCopy();
        IdentityHashMap<JsonNode, List<Map.Entry<String, JsonNode>>> dups = new IdentityHashMap<>();
        for (Mutation m : mutations) {
            List<Slot> slots = new ArrayList<>();
            slots.add(new Slot(null, null, -1, root));
            collect(root, slots);
            Slot s = slots.get(m.where() % slots.size());
            // generated values are shared between tries (jqwik hands the same instance out again): every container is
            // copied, or a later mutation that adds into it would change it for all later tries too (the 5000-key
            // object grew, try after try, past the parser's nesting limit and failed a property at random)
            JsonNode value = m.value().isContainerNode() ? m.value().deepCopy() : m.value();
            switch (m.op()) {
                case REPLACE -> root = s.replace(root, value);
                case REMOVE -> root = s.remove(root);
                case ADD -> {
                    if (s.node instanceof ObjectNode o) {
                        o.set(m.key(), value);
                    } else if (s.node instanceof ArrayNode a) {
                        a.add(value);
                    } else {
                        root = s.replace(root, value);
                    }
                }
                case DUPLICATE -> {
                    if (s.node instanceof ObjectNode o && !o.isEmpty()) {
                        String key = o.fieldNames().next();
                        Iterator<String> names = o.fieldNames();
                        for (int i = 0; i < m.where() % o.size(); i++) {
                            key = names.next();
                        }
                        dups.computeIfAbsent(o, x -> new ArrayList<>()).add(Map.entry(key, value));
                    } else {
                        root = s.replace(root, value);
                    }
                }
            }
        }
        return new Entry(root, dups);
    }

    private record Slot(JsonNode parent, String field, int index, JsonNode node) {
        JsonNode replace(JsonNode root, JsonNode value) {
            if (parent == null) {
                return value;
            }
            if (parent instanceof ObjectNode o) {
                o.set(field, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
            return root;
        }

        JsonNode remove(JsonNode root) {
            if (parent == null) {
                return F.objectNode();
            }
            if (parent instanceof ObjectNode o) {
                o.remove(field);
            } else {
                ((ArrayNode) parent).remove(index);
            }
            return root;
        }
    }

    private static void collect(JsonNode node, List<Slot> slots) {
        if (node instanceof ObjectNode o) {
            if (o.size() > 200) {
                return; // a planted huge object: its children are not interesting targets
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                slots.add(new Slot(o, f.getKey(), -1, f.getValue()));
                collect(f.getValue(), slots);
            }
        } else if (node instanceof ArrayNode a && a.size() <= 200) {
            for (int i = 0; i < a.size(); i++) {
                slots.add(new Slot(a, null, i, a.get(i)));
                collect(a.get(i), slots);
            }
        }
    }

    // ---------------------------------------------------------------- writing

    /** {@code {"configurations":[...]}} with the entries' texts in order. */
    public static String body(List<Entry> entries) {
        StringBuilder b = new StringBuilder("{\"configurations\":[");
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            write(b, entries.get(i).tree, entries.get(i).duplicates);
        }
        return b.append("]}").toString();
    }

    public static Entry plain(JsonNode tree) {
        return new Entry(tree, new IdentityHashMap<>());
    }

    private static void write(StringBuilder b, JsonNode n, IdentityHashMap<JsonNode, List<Map.Entry<String, JsonNode>>> dups) {
        if (n instanceof POJONode p && p.getPojo() instanceof Deep d) {
            char open = d.objects() ? '{' : '[';
            for (int i = 0; i < d.depth(); i++) {
                b.append(open);
                if (d.objects()) {
                    b.append("\"d\":");
                }
            }
            b.append("1");
            b.append(String.valueOf(d.objects() ? '}' : ']').repeat(d.depth()));
        } else if (n instanceof ObjectNode o) {
            b.append('{');
            boolean first = true;
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            o.fields().forEachRemaining(fields::add);
            fields.addAll(dups.getOrDefault(o, List.of()));
            for (Map.Entry<String, JsonNode> f : fields) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                quote(b, f.getKey());
                b.append(':');
                write(b, f.getValue(), dups);
            }
            b.append('}');
        } else if (n instanceof ArrayNode a) {
            b.append('[');
            for (int i = 0; i < a.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                write(b, a.get(i), dups);
            }
            b.append(']');
        } else if (n.isTextual()) {
            quote(b, n.textValue());
        } else {
            b.append(n.toString());
        }
    }

    /** JSON string text; surrogate pairs stay raw (real UTF-8 emoji), lone surrogates and control characters are escaped. */
    private static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('"');
    }

    /** The protected settings an entry carries, as the agent must write them (body secrets of a blob included). */
    public static Map<String, String> protectedSettings(ObjectNode valid) {
        Map<String, String> m = new LinkedHashMap<>();
        JsonNode p = valid.path("properties");
        p.path("configurationProtectedSettings").fields().forEachRemaining(f -> m.put(f.getKey(), f.getValue().asText()));
        if (p.path("azureBlob").hasNonNull("accountKey")) {
            m.put("accountKey", p.path("azureBlob").path("accountKey").asText());
        }
        return m;
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 40) + "…(" + s.length() + " chars)";
    }
}
