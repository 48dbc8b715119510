package dev.fluxconfig.sandbox.kube;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A {@code labelSelector} and a {@code fieldSelector} as list and watch requests carry them: {@code =}, {@code ==},
 * {@code !=}, {@code in (…)}, {@code notin (…)}, {@code key} and {@code !key} for labels; {@code =}, {@code ==} and
 * {@code !=} on a dotted path (such as {@code metadata.name}) for fields.
 */
public final class Selector implements Predicate<JsonNode> {

    public static final Selector ALL = new Selector(List.of());

    private final List<Predicate<JsonNode>> requirements;

    private Selector(List<Predicate<JsonNode>> requirements) {
        this.requirements = requirements;
    }

    public static Selector parse(String labelSelector, String fieldSelector) {
        List<Predicate<JsonNode>> all = new ArrayList<>();
        for (String req : split(labelSelector)) {
            all.add(label(req));
        }
        for (String req : split(fieldSelector)) {
            all.add(field(req));
        }
        return all.isEmpty() ? ALL : new Selector(all);
    }

    @Override
    public boolean test(JsonNode object) {
        for (Predicate<JsonNode> r : requirements) {
            if (!r.test(object)) {
                return false;
            }
        }
        return true;
    }

    /** Splits on commas that are not inside a {@code (…)} value set. */
    private static List<String> split(String selector) {
        List<String> out = new ArrayList<>();
        if (selector == null || selector.isBlank()) {
            return out;
        }
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : selector.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                out.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    private static Predicate<JsonNode> label(String req) {
        String[] notIn = setRequirement(req, " notin ");
        if (notIn != null) {
            Set<String> values = values(notIn[1]);
            return o -> !values.contains(labelOf(o, notIn[0]));
        }
        String[] in = setRequirement(req, " in ");
        if (in != null) {
            Set<String> values = values(in[1]);
            return o -> values.contains(labelOf(o, in[0]));
        }
        String[] eq = equality(req);
        if (eq != null) {
            boolean negated = eq[2] != null;
            return o -> negated != eq[1].equals(labelOf(o, eq[0]));
        }
        if (req.startsWith("!")) {
            String key = req.substring(1).strip();
            return o -> labelOf(o, key) == null;
        }
        return o -> labelOf(o, req) != null;
    }

    private static Predicate<JsonNode> field(String req) {
        String[] eq = equality(req);
        if (eq == null) {
            throw ApiException.badRequest("invalid field selector: " + req);
        }
        boolean negated = eq[2] != null;
        return o -> negated != eq[1].equals(fieldOf(o, eq[0]));
    }

    /** key, value and a non-null third element when negated; or null when this is no equality requirement. */
    private static String[] equality(String req) {
        int ne = req.indexOf("!=");
        if (ne > 0) {
            return new String[]{req.substring(0, ne).strip(), req.substring(ne + 2).strip(), "!"};
        }
        int eq = req.indexOf('=');
        if (eq > 0) {
            String value = req.substring(eq + 1);
            value = value.startsWith("=") ? value.substring(1) : value;
            return new String[]{req.substring(0, eq).strip(), value.strip(), null};
        }
        return null;
    }

    private static String[] setRequirement(String req, String operator) {
        int i = req.indexOf(operator);
        if (i <= 0 || !req.endsWith(")")) {
            return null;
        }
        return new String[]{req.substring(0, i).strip(), req.substring(i + operator.length()).strip()};
    }

    private static Set<String> values(String parenthesised) {
        String inner = parenthesised.substring(parenthesised.indexOf('(') + 1, parenthesised.lastIndexOf(')'));
        Set<String> out = new java.util.HashSet<>();
        for (String v : inner.split(",")) {
            out.add(v.strip());
        }
        return out;
    }

    private static String labelOf(JsonNode object, String key) {
        JsonNode v = object.path("metadata").path("labels").get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String fieldOf(JsonNode object, String path) {
        JsonNode n = object;
        for (String part : path.split("\\.")) {
            n = n.path(part);
        }
        return n.isMissingNode() || n.isNull() ? "" : n.asText();
    }
}
