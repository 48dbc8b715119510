package dev.fluxconfig.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * A small checker of objects against the openAPIV3Schema of the vendored Flux CRDs ({@code crds/flux/} of flux-standin,
 * which must be on the test classpath; types, required, enum, pattern,
 * lengths, bounds, formats, unknown fields) and their CEL rules, which the 1.20 API server does not enforce: each rule in
 * the stored manifests has a hand-written Java equivalent here, and a rule without one fails the check (a newer manifest
 * with a new rule is noticed).
 */
public final class FluxSchemas {

    /** The Java equivalents of the CEL rules in the stored manifests, by rule text; {@code self} is the node the rule sits on. */
    static final Map<String, Predicate<JsonNode>> CEL = new LinkedHashMap<>();

    static {
        CEL.put("(has(self.chart) && !has(self.chartRef)) || (!has(self.chart) && has(self.chartRef))",
                s -> s.has("chart") != s.has("chartRef"));
        CEL.put("!has(self.retryInterval) || self.name != 'RemediateOnFailure'",
                s -> !s.has("retryInterval") || !"RemediateOnFailure".equals(s.path("name").asText()));
        CEL.put("!has(self.retryInterval) || self.name == 'RetryOnFailure'",
                s -> !s.has("retryInterval") || "RetryOnFailure".equals(s.path("name").asText()));
        CEL.put("!has(self.configMapRef) || !has(self.secretRef)", s -> !s.has("configMapRef") || !s.has("secretRef"));
        CEL.put("has(self.configMapRef) || has(self.secretRef)", s -> s.has("configMapRef") || s.has("secretRef"));
        CEL.put("!has(self.secretRef) || !has(self.serviceAccountName)",
                s -> !s.has("secretRef") || !s.has("serviceAccountName"));
        CEL.put("!has(self.sts) || self.sts.provider != 'aws' || !has(self.sts.certSecretRef)",
                s -> !s.has("sts") || !"aws".equals(s.path("sts").path("provider").asText())
                        || !s.path("sts").has("certSecretRef"));
        CEL.put("!has(self.sts) || self.sts.provider != 'aws' || !has(self.sts.secretRef)",
                s -> !s.has("sts") || !"aws".equals(s.path("sts").path("provider").asText())
                        || !s.path("sts").has("secretRef"));
        CEL.put("self.provider != 'aws' || !has(self.sts) || self.sts.provider == 'aws'",
                s -> !"aws".equals(s.path("provider").asText()) || !s.has("sts")
                        || "aws".equals(s.path("sts").path("provider").asText()));
        CEL.put("self.provider != 'generic' || !has(self.serviceAccountName)",
                s -> !"generic".equals(s.path("provider").asText()) || !s.has("serviceAccountName"));
        CEL.put("self.provider != 'generic' || !has(self.sts) || self.sts.provider == 'ldap'",
                s -> !"generic".equals(s.path("provider").asText()) || !s.has("sts")
                        || "ldap".equals(s.path("sts").path("provider").asText()));
        CEL.put("self.provider == 'aws' || self.provider == 'generic' || !has(self.sts)",
                s -> Set.of("aws", "generic").contains(s.path("provider").asText()) || !s.has("sts"));
        CEL.put("!has(self.serviceAccountName) || (has(self.provider) && self.provider == 'azure')",
                s -> !s.has("serviceAccountName") || "azure".equals(s.path("provider").asText()));
    }

    /** The stored CRD manifest files, by kind. */
    public static final Map<String, String> FILES = Map.of(
            "GitRepository", "source.toolkit.fluxcd.io_gitrepositories.yaml",
            "Bucket", "source.toolkit.fluxcd.io_buckets.yaml",
            "OCIRepository", "source.toolkit.fluxcd.io_ocirepositories.yaml",
            "HelmRepository", "source.toolkit.fluxcd.io_helmrepositories.yaml",
            "HelmChart", "source.toolkit.fluxcd.io_helmcharts.yaml",
            "Kustomization", "kustomize.toolkit.fluxcd.io_kustomizations.yaml",
            "HelmRelease", "helm.toolkit.fluxcd.io_helmreleases.yaml");

    private static final Map<String, CustomResourceDefinition> CRDS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Map<String, Pattern> PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();

    private FluxSchemas() {
    }

    /** Whether a CEL rule has a Java equivalent here. */
    public static boolean hasRule(String rule) {
        return CEL.containsKey(rule);
    }

    /** The stored CRD of a Flux kind. */
    public static CustomResourceDefinition crd(String kind) {
        return CRDS.computeIfAbsent(kind, k -> {
            String file = FILES.get(k);
            if (file == null) {
                throw new IllegalArgumentException("no stored CRD for kind " + k);
            }
            try (InputStream in = FluxSchemas.class.getClassLoader().getResourceAsStream("crds/flux/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("crds/flux/" + file + " is not on the classpath: the real Flux CRD "
                            + "manifests are the Flux stand-in's; add flux-standin to the test dependencies");
                }
                return Serialization.unmarshal(in, CustomResourceDefinition.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The schema of one served version ({@code apiVersion} of the object decides which). */
    public static JSONSchemaProps schema(String kind, String version) {
        for (CustomResourceDefinitionVersion v : crd(kind).getSpec().getVersions()) {
            if (v.getName().equals(version)) {
                return v.getSchema().getOpenAPIV3Schema();
            }
        }
        throw new IllegalArgumentException(kind + " has no version " + version);
    }

    /** Every violation of the object's schema and CEL rules, as {@code path: problem}; empty when it is valid. */
    public static List<String> violations(Object object) {
        JsonNode node = Serialization.jsonMapper().valueToTree(object);
        String kind = node.path("kind").asText();
        String apiVersion = node.path("apiVersion").asText();
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        List<String> out = new ArrayList<>();
        JSONSchemaProps root = schema(kind, version);
        // metadata is the API server's to check; only spec and status are the CRD's
        for (String part : List.of("spec", "status")) {
            if (node.has(part) && !node.get(part).isNull()) {
                check(part, node.get(part), root.getProperties().get(part), out);
            }
        }
        return out;
    }

    static void check(String path, JsonNode value, JSONSchemaProps schema, List<String> out) {
        if (schema == null) {
            out.add(path + ": not in the schema");
            return;
        }
        if (value == null || value.isNull()) {
            if (!Boolean.TRUE.equals(schema.getNullable())) {
                out.add(path + ": null is not allowed");
            }
            return;
        }
        if (Boolean.TRUE.equals(schema.getXKubernetesIntOrString())) {
            if (!value.isIntegralNumber() && !value.isTextual()) {
                out.add(path + ": must be an integer or a string");
            }
            return;
        }
        String type = schema.getType();
        if (type != null && !typeMatches(type, value)) {
            out.add(path + ": must be of type " + type + ", is " + value.getNodeType());
            return;
        }
        if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
            boolean found = schema.getEnum().stream()
                    .anyMatch(e -> Serialization.jsonMapper().valueToTree(e).equals(value));
            if (!found) {
                out.add(path + ": '" + value.asText() + "' is not one of " + schema.getEnum());
            }
        }
        if (value.isTextual()) {
            String s = value.asText();
            if (schema.getPattern() != null
                    && !PATTERNS.computeIfAbsent(schema.getPattern(), Pattern::compile).matcher(s).find()) {
                out.add(path + ": '" + s + "' does not match " + schema.getPattern());
            }
            if (schema.getMaxLength() != null && s.length() > schema.getMaxLength()) {
                out.add(path + ": longer than " + schema.getMaxLength());
            }
            if (schema.getMinLength() != null && s.length() < schema.getMinLength()) {
                out.add(path + ": shorter than " + schema.getMinLength());
            }
            if ("date-time".equals(schema.getFormat())) {
                try {
                    OffsetDateTime.parse(s);
                } catch (DateTimeParseException e) {
                    out.add(path + ": '" + s + "' is not a date-time");
                }
            }
        }
        if (value.isNumber()) {
            BigDecimal n = value.decimalValue();
            if (schema.getMinimum() != null && n.compareTo(BigDecimal.valueOf(schema.getMinimum())) < 0) {
                out.add(path + ": below the minimum " + schema.getMinimum());
            }
            if (schema.getMaximum() != null && n.compareTo(BigDecimal.valueOf(schema.getMaximum())) > 0) {
                out.add(path + ": above the maximum " + schema.getMaximum());
            }
        }
        if (value.isArray()) {
            if (schema.getMaxItems() != null && value.size() > schema.getMaxItems()) {
                out.add(path + ": more than " + schema.getMaxItems() + " items");
            }
            if (schema.getMinItems() != null && value.size() < schema.getMinItems()) {
                out.add(path + ": fewer than " + schema.getMinItems() + " items");
            }
            JSONSchemaProps items = schema.getItems() == null ? null : schema.getItems().getSchema();
            for (int i = 0; i < value.size(); i++) {
                if (items != null) {
                    check(path + "[" + i + "]", value.get(i), items, out);
                }
            }
        }
        if (value.isObject()) {
            checkObject(path, value, schema, out);
        }
        if (schema.getXKubernetesValidations() != null) {
            for (ValidationRule rule : schema.getXKubernetesValidations()) {
                Predicate<JsonNode> check = CEL.get(rule.getRule());
                if (check == null) {
                    out.add(path + ": CEL rule without a Java equivalent in FluxSchemas: " + rule.getRule());
                } else if (!check.test(value)) {
                    out.add(path + ": " + (rule.getMessage() != null ? rule.getMessage() : rule.getRule()));
                }
            }
        }
    }

    private static void checkObject(String path, JsonNode value, JSONSchemaProps schema, List<String> out) {
        if (schema.getRequired() != null) {
            for (String required : schema.getRequired()) {
                if (!value.has(required)) {
                    out.add(path + "." + required + ": is required");
                }
            }
        }
        if (schema.getMaxProperties() != null && value.size() > schema.getMaxProperties()) {
            out.add(path + ": more than " + schema.getMaxProperties() + " properties");
        }
        boolean preserve = Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields());
        JSONSchemaProps additional = schema.getAdditionalProperties() == null
                ? null
                : schema.getAdditionalProperties().getSchema();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JSONSchemaProps child = schema.getProperties() == null ? null : schema.getProperties().get(e.getKey());
            if (child != null) {
                check(path + "." + e.getKey(), e.getValue(), child, out);
            } else if (additional != null) {
                check(path + "." + e.getKey(), e.getValue(), additional, out);
            } else if (!preserve && !(schema.getAdditionalProperties() != null
                    && Boolean.TRUE.equals(schema.getAdditionalProperties().getAllows()))) {
                // the API server would drop it silently: a field the controller writes for nothing, or misspelt
                out.add(path + "." + e.getKey() + ": unknown field (the API server drops it)");
            }
        }
    }

    private static boolean typeMatches(String type, JsonNode value) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "boolean" -> value.isBoolean();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            default -> true;
        };
    }
}
