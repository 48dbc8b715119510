package dev.fluxconfig.agent.dataplane;

import static dev.fluxconfig.model.FluxConfigConstants.protectedSettingsSecretName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;

import io.fabric8.kubernetes.client.utils.Serialization;

import dev.fluxconfig.agent.apply.DesiredStateApplier;
import dev.fluxconfig.agent.apply.Ledger;
import dev.fluxconfig.agent.testing.HostileBodies;
import dev.fluxconfig.agent.testing.HostileBodies.Mutation;
import dev.fluxconfig.agent.testing.MemoryAgent;
import dev.fluxconfig.model.dataplane.ConfigurationStatus;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.validation.FluxConfigValidator;
import dev.fluxconfig.model.validation.ValidationError;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Fuzzes the agent's data-plane boundary (parser, mapping, validation, the applier's write-or-refuse decision, rejections
 * and the status they report) with hostile {@code getPendingConfigs} bodies, through the real code over an in-memory
 * cluster. Whatever the body: no exception but a whole-body parse failure escapes; what is written validates; what is
 * refused has exactly one rejection, with field-named reasons, reported as a Failed status; and one bad configuration never
 * stops, changes or deletes the good ones.
 */
class DataPlaneFuzzTest {

    /** Thousands of refusals would be logged: the agent's log is not what is tested here. */
    static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("dev.fluxconfig");

    static {
        QUIET.setLevel(java.util.logging.Level.SEVERE);
    }

    /** A valid configuration and the mutations that make it hostile in the second round. */
    record Hostile(ObjectNode valid, List<Mutation> mutations) {
        @Override
        public String toString() {
            return "Hostile[" + valid + ", " + mutations + "]";
        }
    }

    @Provide
    Arbitrary<ObjectNode> valid() {
        return HostileBodies.validEntry("placeholder", "placeholder");
    }

    @Provide
    Arbitrary<Hostile> hostile() {
        return Combinators.combine(valid(), HostileBodies.mutation().list().ofMinSize(1).ofMaxSize(3)).as(Hostile::new);
    }

    static ObjectNode named(ObjectNode template, String name, String namespace) {
        ObjectNode e = template.deepCopy();
        e.put("name", name);
        ((ObjectNode) e.get("properties")).put("namespace", namespace);
        return e;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a mutation plants something beyond the parser's documented whole-body limits. */
    static boolean beyondLimits(Mutation m) {
        JsonNode v = m.value();
        boolean deep = v instanceof POJONode p && p.getPojo() instanceof HostileBodies.Deep d
                && d.depth() >= PendingConfigsParser.MAX_NESTING_DEPTH - 10;
        boolean longText = v.isTextual() && v.textValue().length() > PendingConfigsParser.MAX_STRING_LENGTH;
        boolean longKey = m.key().length() > PendingConfigsParser.MAX_NAME_LENGTH
                && m.op() == HostileBodies.Op.ADD;
        return deep || longText || longKey;
    }

    @Property(tries = 1000)
    void oneHostileConfigurationNeverDisturbsTheOthers(@ForAll @Size(min = 1, max = 3) List<@From("valid") ObjectNode> goods,
            @ForAll @Size(min = 1, max = 3) List<@From("hostile") Hostile> hostiles, @ForAll @IntRange(max = 5) int rotation)
            throws Exception {
        MemoryAgent agent = new MemoryAgent();
        List<ObjectNode> good = new ArrayList<>();
        for (int i = 0; i < goods.size(); i++) {
            good.add(named(goods.get(i), "good-" + i, "ns-" + (i % 2)));
        }
        List<ObjectNode> before = new ArrayList<>();
        for (int i = 0; i < hostiles.size(); i++) {
            before.add(named(hostiles.get(i).valid(), "bad-" + i, "ns-" + (i % 2)));
        }

        // round 1: everything valid, everything applied
        List<HostileBodies.Entry> first = new ArrayList<>();
        good.forEach(g -> first.add(HostileBodies.plain(g)));
        before.forEach(b -> first.add(HostileBodies.plain(b)));
        java.util.Collections.rotate(first, rotation);
        agent.applier.apply(PendingConfigsParser.parse("\"1\"", bytes(HostileBodies.body(first))));
        assertThat(agent.rejections.all()).as("valid configurations are accepted").isEmpty();
        assertThat(agent.configs).hasSize(good.size() + before.size());
        checkWrites(agent);
        agent.writes.clear();
        Map<String, String> round1 = new HashMap<>();
        agent.configs.forEach((k, c) -> round1.put(k, Serialization.asJson(c)));
        Map<String, Map<String, String>> secrets1 = new HashMap<>(agent.secrets);

        // round 2: the same good ones, the others mutated
        List<HostileBodies.Entry> second = new ArrayList<>();
        good.forEach(g -> second.add(HostileBodies.plain(g)));
        for (int i = 0; i < hostiles.size(); i++) {
            second.add(HostileBodies.mutate(before.get(i), hostiles.get(i).mutations()));
        }
        java.util.Collections.rotate(second, rotation);
        DesiredState state;
        try {
            state = PendingConfigsParser.parse("\"2\"", bytes(HostileBodies.body(second)));
        } catch (PendingConfigsParser.MalformedBodyException e) {
            assertThat(hostiles).as("only a body beyond the parser's limits is refused as a whole: " + e.getMessage())
                    .anySatisfy(h -> assertThat(h.mutations()).anyMatch(DataPlaneFuzzTest::beyondLimits));
            return;
        }
        agent.applier.apply(state);

        checkWrites(agent);
        for (ObjectNode g : good) {
            String name = g.get("name").asText();
            String ns = g.path("properties").path("namespace").asText();
            assertThat(agent.rejections.get(name)).as("good %s is not refused", name).isNull();
            assertThat(agent.configs).containsKey(ns + "/" + name);
            assertThat(Serialization.asJson(agent.configs.get(ns + "/" + name))).isEqualTo(round1.get(ns + "/" + name));
            Map<String, String> ps = HostileBodies.protectedSettings(g);
            if (!ps.isEmpty()) {
                assertThat(agent.secrets.get(ns + "/" + protectedSettingsSecretName(name))).isEqualTo(ps);
            }
        }
        checkEntries(agent, state);
        // a refused configuration keeps what it had: the FluxConfig and Secret of round 1, untouched
        for (DesiredState.Entry e : state.entries()) {
            String key = e.namespace() + "/" + e.name();
            if (e.name() != null && agent.rejections.get(e.name()) != null && round1.containsKey(key)) {
                assertThat(Serialization.asJson(agent.configs.get(key))).as("refused %s keeps its resource", key)
                        .isEqualTo(round1.get(key));
                String secret = e.namespace() + "/" + protectedSettingsSecretName(e.name());
                assertThat(agent.secrets.get(secret)).isEqualTo(secrets1.get(secret));
            }
        }
        // deletions only for configurations the list no longer names, and only when every entry has a name
        Set<String> listed = new HashSet<>();
        state.entries().forEach(e -> listed.add(e.namespace() + "/" + e.name()));
        if (!state.identified()) {
            assertThat(agent.deletes).isEmpty();
        }
        assertThat(agent.deletes).noneMatch(listed::contains);
        good.forEach(g -> assertThat(agent.deletes)
                .doesNotContain(g.path("properties").path("namespace").asText() + "/" + g.get("name").asText()));
    }

    @Property(tries = 3000)
    void anyBytesEitherFailAsAWholeOrAreDecidedPerConfiguration(
            @ForAll @Size(min = 1, max = 3) List<@From("valid") ObjectNode> goods,
            @ForAll("edits") List<Edit> edits) throws Exception {
        List<HostileBodies.Entry> entries = new ArrayList<>();
        for (int i = 0; i < goods.size(); i++) {
            entries.add(HostileBodies.plain(named(goods.get(i), "c-" + i, "ns-" + i)));
        }
        byte[] body = bytes(HostileBodies.body(entries));
        for (Edit edit : edits) {
            body = edit.apply(body);
        }
        DesiredState state;
        try {
            state = PendingConfigsParser.parse("\"x\"", body);
        } catch (PendingConfigsParser.MalformedBodyException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        MemoryAgent agent = new MemoryAgent();
        agent.applier.apply(state);
        checkWrites(agent);
        checkEntries(agent, state);
    }

    /** A byte-level edit of a body: truncate, insert, delete or overwrite. */
    record Edit(int kind, int at, int length, byte[] with) {
        byte[] apply(byte[] b) {
            int pos = b.length == 0 ? 0 : at % b.length;
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            switch (kind) {
                case 0 -> out.write(b, 0, pos);
                case 1 -> {
                    out.write(b, 0, pos);
                    out.writeBytes(with);
                    out.write(b, pos, b.length - pos);
                }
                case 2 -> {
                    int end = Math.min(b.length, pos + length);
                    out.write(b, 0, pos);
                    out.write(b, end, b.length - end);
                }
                default -> {
                    out.writeBytes(b);
                    byte[] r = out.toByteArray();
                    for (int i = 0; i < with.length && pos + i < r.length; i++) {
                        r[pos + i] = with[i];
                    }
                    return r;
                }
            }
            return out.toByteArray();
        }

        @Override
        public String toString() {
            return "Edit[" + kind + "@" + at + "+" + length + ":" + new String(with, StandardCharsets.ISO_8859_1) + "]";
        }
    }

    @Provide
    Arbitrary<List<Edit>> edits() {
        Arbitrary<byte[]> with = Arbitraries.oneOf(
                Arbitraries.of("\"", "{", "}", "[", "]", ",", ":", "null", "\"name\":", "\\", "\\u", "\\ud800", "1e99999",
                        "-", "\u0000", "\"\u202E\"", "{\"name\":\"x\"}", "\"configurations\":[]")
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8),
                Arbitraries.of(new byte[]{(byte) 0xC0, (byte) 0x80}, new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        new byte[]{(byte) 0xFF}, new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}));
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 100_000),
                Arbitraries.integers().between(1, 64), with).as(Edit::new).list().ofMinSize(1).ofMaxSize(4);
    }

    /** Every FluxConfig the agent wrote passes the shared validator with the protected settings it wrote. */
    static void checkWrites(MemoryAgent agent) {
        for (FluxConfig w : agent.writes) {
            String ns = w.getMetadata().getNamespace();
            Map<String, String> ps = agent.secrets.get(ns + "/" + protectedSettingsSecretName(w.getMetadata().getName()));
            assertThat(FluxConfigValidator.validate(w, ps == null ? Map.of() : ps)).as("written %s/%s validates", ns,
                    w.getMetadata().getName()).isEmpty();
        }
    }

    /** Each named entry is accepted (its FluxConfig validates) or refused once, with field-named reasons, as a status. */
    static void checkEntries(MemoryAgent agent, DesiredState state) {
        for (DesiredState.Entry e : state.entries()) {
            if (e.name() == null) {
                assertThat(state.identified()).isFalse();
                continue;
            }
            Ledger.Rejection r = agent.rejections.get(e.name());
            if (r == null) {
                FluxConfig c = agent.configs.get(e.namespace() + "/" + e.name());
                assertThat(c).as("accepted %s/%s exists", e.namespace(), e.name()).isNotNull();
                Map<String, String> ps = agent.secrets.get(e.namespace() + "/" + protectedSettingsSecretName(e.name()));
                assertThat(FluxConfigValidator.validate(c, ps == null ? Map.of() : ps)).isEmpty();
                continue;
            }
            assertThat(r.errors()).as("reasons of %s", e.name()).isNotEmpty()
                    .allSatisfy(err -> assertThat(err.field()).isNotBlank());
            if (DesiredStateApplier.reportable(e.name())) {
                assertThat(agent.published).as("the refusal of %s is reported", e.name()).contains(e.name());
            } else {
                assertThat(agent.published).as("no status path for the invalid name %s", e.name()).doesNotContain(e.name());
            }
            ConfigurationStatus status = agent.composer.compose(e.name());
            assertThat(status.provisioningState()).isEqualTo("Failed");
            assertThat(status.errorMessage()).isNotBlank().hasSizeLessThanOrEqualTo(Ledger.MAX_MESSAGE_LENGTH);
            String field = r.errors().get(0).field();
            assertThat(status.errorMessage()).contains(field.substring(0, Math.min(200, field.length())));
        }
    }

    // ---------------------------------------------------------------- the limits, one example each

    @Example
    void tenThousandLevelsOfNestingAreAMalformedBodyNotAStackOverflow() {
        for (String open : List.of("[", "{\"a\":")) {
            String close = open.equals("[") ? "]" : "}";
            String deep = open.repeat(10_000) + "1" + close.repeat(10_000);
            for (String body : List.of(deep, "{\"configurations\":[" + deep + "]}",
                    "{\"configurations\":[{\"name\":\"a\",\"properties\":{\"x\":" + deep + "}}]}")) {
                assertThatThrownBy(() -> PendingConfigsParser.parse(null, bytes(body)))
                        .isInstanceOf(PendingConfigsParser.MalformedBodyException.class);
            }
        }
    }

    @Example
    void aHugeConfigurationIsRefusedBeforeAnythingIsWritten() throws Exception {
        ObjectNode big = named(HostileBodies.validEntry("x", "x", 0, 1, 0, 1, 60, true, 1), "big", "ns-a");
        ObjectNode ks = (ObjectNode) big.path("properties").path("kustomizations");
        for (int i = 0; i < 2; i++) {
            ks.putObject("huge" + i).put("path", "./" + "p".repeat(900_000));
        }
        ObjectNode bigSecret = named(HostileBodies.validEntry("x", "x", 0, 1, 0, 1, 60, true, 1), "big-secret", "ns-a");
        ((ObjectNode) bigSecret.path("properties").path("configurationProtectedSettings")).put("httpsKey",
                HostileBodies.b64("k".repeat(800_000)));
        ObjectNode small = named(HostileBodies.validEntry("x", "x", 2, 1, 0, 2, 60, false, 1), "small", "ns-a");
        MemoryAgent agent = new MemoryAgent();
        agent.applier.apply(PendingConfigsParser.parse(null,
                bytes(HostileBodies.body(List.of(HostileBodies.plain(big), HostileBodies.plain(bigSecret),
                        HostileBodies.plain(small))))));
        assertThat(agent.configs).containsOnlyKeys("ns-a/small");
        assertThat(agent.rejections.get("big").errors()).extracting(ValidationError::field).contains("properties");
        assertThat(agent.rejections.get("big-secret").errors()).extracting(ValidationError::field)
                .contains("configurationProtectedSettings");
        assertThat(agent.composer.compose("big").errorMessage()).hasSizeLessThanOrEqualTo(Ledger.MAX_MESSAGE_LENGTH);
    }

    @Example
    void aNameListedTwiceIsRefusedAndTheOthersAreApplied() throws Exception {
        ObjectNode a1 = named(HostileBodies.validEntry("x", "x", 0, 0, 0, 1, 60, true, 1), "twice", "ns-a");
        ObjectNode a2 = named(HostileBodies.validEntry("x", "x", 3, 0, 0, 1, 60, true, 2), "twice", "ns-b");
        ObjectNode other = named(HostileBodies.validEntry("x", "x", 2, 1, 0, 1, 60, true, 1), "other", "ns-a");
        MemoryAgent agent = new MemoryAgent();
        DesiredState state = PendingConfigsParser.parse(null, bytes(HostileBodies
                .body(List.of(HostileBodies.plain(a1), HostileBodies.plain(a2), HostileBodies.plain(other)))));
        agent.applier.apply(state);
        assertThat(agent.configs).containsOnlyKeys("ns-a/other");
        assertThat(agent.rejections.all()).containsOnlyKeys("twice");
        assertThat(agent.rejections.get("twice").message()).contains("more than once");
    }

    @Example
    void aNamespaceThatIsNotAStringIsRefusedNotWrittenElsewhere() throws Exception {
        ObjectNode e = named(HostileBodies.validEntry("x", "x", 0, 0, 0, 1, 60, true, 1), "numeric-ns", "x");
        ((ObjectNode) e.get("properties")).put("namespace", 12.5);
        MemoryAgent agent = new MemoryAgent();
        agent.applier.apply(PendingConfigsParser.parse(null, bytes(HostileBodies.body(List.of(HostileBodies.plain(e))))));
        assertThat(agent.writes).isEmpty();
        assertThat(agent.rejections.get("numeric-ns").errors()).extracting(ValidationError::field)
                .anyMatch(f -> f.contains("namespace"));
    }

    @Example
    void anEmptyNamespaceIsRefusedBeforeTheApiIsAskedAboutIt() throws Exception {
        // found by DataPlaneFuzzIT: reading the existing Secret in namespace "" threw on every poll, nothing was reported
        ObjectNode e = named(HostileBodies.validEntry("x", "x", 3, 0, 0, 1, 60, true, 1), "empty-ns", "");
        ObjectNode other = named(HostileBodies.validEntry("x", "x", 2, 1, 0, 1, 60, true, 1), "other", "ns-a");
        MemoryAgent agent = new MemoryAgent();
        agent.applier.apply(PendingConfigsParser.parse(null,
                bytes(HostileBodies.body(List.of(HostileBodies.plain(e), HostileBodies.plain(other))))));
        assertThat(agent.configs).containsOnlyKeys("ns-a/other");
        assertThat(agent.rejections.get("empty-ns").errors()).extracting(ValidationError::field).contains("namespace");
        assertThat(agent.published).contains("empty-ns");
    }

    @Example
    void longDependencyChainsAreDecidedWithoutAStackOverflow() throws Exception {
        // up to the limit a chain is judged (and applied when it has no cycle); beyond it, refused by its length
        for (int length : List.of(dev.fluxconfig.model.validation.InputLimits.MAX_KUSTOMIZATIONS, 3_000, 20_000)) {
            for (boolean cycle : List.of(false, true)) {
                ObjectNode e = named(HostileBodies.validEntry("x", "x", 0, 0, 0, 1, 60, true, 1), "chain", "ns-a");
                ObjectNode ks = (ObjectNode) e.path("properties").path("kustomizations");
                for (int i = 1; i < length; i++) {
                    ks.putObject("c" + i).putArray("dependsOn").add(i == 1 ? "k0" : "c" + (i - 1));
                }
                if (cycle) {
                    ((ObjectNode) ks.get("k0")).putArray("dependsOn").add("c" + (length - 1));
                }
                MemoryAgent agent = new MemoryAgent();
                agent.applier.apply(PendingConfigsParser.parse(null,
                        bytes(HostileBodies.body(List.of(HostileBodies.plain(e))))));
                checkWrites(agent);
                boolean accepted = length <= dev.fluxconfig.model.validation.InputLimits.MAX_KUSTOMIZATIONS && !cycle;
                assertThat(agent.rejections.get("chain") == null).as("chain of %d, cycle %s", length, cycle)
                        .isEqualTo(accepted);
                assertThat(agent.writes).hasSize(accepted ? 1 : 0);
            }
        }
    }
}
