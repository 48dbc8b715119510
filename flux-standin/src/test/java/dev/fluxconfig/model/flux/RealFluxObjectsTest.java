package dev.fluxconfig.model.flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import dev.fluxconfig.model.flux.helm.HelmRelease;
import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.source.Bucket;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.flux.source.HelmChart;
import dev.fluxconfig.model.flux.source.HelmRepository;
import dev.fluxconfig.model.flux.source.OCIRepository;
import dev.fluxconfig.testing.FluxSchemas;

/**
 * The model classes read any object the real Flux CRDs admit: an object with every field of the stored schema filled in
 * (status.history, artifact metadata, reconcileStrategy...) is read without error, as the informers read it.
 */
class RealFluxObjectsTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** fabric8's own serialization, as the informers use it: it refuses fields a class does not declare or ignore. */
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static Stream<Arguments> kinds() {
        return Stream.of(Arguments.of("GitRepository", GitRepository.class), Arguments.of("Bucket", Bucket.class),
                Arguments.of("OCIRepository", OCIRepository.class), Arguments.of("HelmRepository", HelmRepository.class),
                Arguments.of("HelmChart", HelmChart.class), Arguments.of("Kustomization", Kustomization.class),
                Arguments.of("HelmRelease", HelmRelease.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void everyFieldTheRealSchemaAdmitsIsRead(String kind, Class<? extends HasMetadata> type) {
        var crd = FluxSchemas.crd(kind);
        CustomResourceDefinitionVersion storage = crd.getSpec().getVersions().stream()
                .filter(CustomResourceDefinitionVersion::getStorage).findFirst().orElseThrow();
        ObjectNode object = (ObjectNode) sample(storage.getSchema().getOpenAPIV3Schema(), 0);
        object.put("apiVersion", crd.getSpec().getGroup() + "/" + storage.getName());
        object.put("kind", kind);
        object.set("metadata", JSON.objectNode().put("name", "x").put("namespace", "y"));
        String text = object.toString();
        assertThatCode(() -> SERIALIZATION.unmarshal(text, type)).as("reading a full %s", kind).doesNotThrowAnyException();
        assertThat(SERIALIZATION.unmarshal(text, type).getMetadata().getName()).isEqualTo("x");
    }

    @Test
    void theExamplesOfTheIssueAreRead() {
        String k = "{\"apiVersion\":\"kustomize.toolkit.fluxcd.io/v1\",\"kind\":\"Kustomization\",\"metadata\":{\"name\":\"a\"},"
                + "\"spec\":{\"interval\":\"10m0s\",\"prune\":true,\"sourceRef\":{\"kind\":\"GitRepository\",\"name\":\"a\"}},"
                + "\"status\":{\"history\":[{\"digest\":\"sha256:1\",\"firstReconciled\":\"2024-01-01T00:00:00Z\","
                + "\"lastReconciled\":\"2024-01-01T00:00:00Z\",\"lastReconciledDuration\":\"1s\","
                + "\"lastReconciledStatus\":\"ReconciliationSucceeded\",\"totalReconciliations\":1}],"
                + "\"lastAppliedRevision\":\"main@sha1:abc\"}}";
        assertThat(SERIALIZATION.unmarshal(k, Kustomization.class).getStatus().getLastAppliedRevision())
                .isEqualTo("main@sha1:abc");
        String hr = "{\"apiVersion\":\"helm.toolkit.fluxcd.io/v2\",\"kind\":\"HelmRelease\",\"metadata\":{\"name\":\"a\"},"
                + "\"spec\":{\"interval\":\"5m\",\"chart\":{\"spec\":{\"chart\":\"nginx\",\"reconcileStrategy\":\"ChartVersion\","
                + "\"sourceRef\":{\"kind\":\"HelmRepository\",\"name\":\"b\"}}}}}";
        assertThat(SERIALIZATION.unmarshal(hr, HelmRelease.class).getSpec().getChart().getSpec().getChart())
                .isEqualTo("nginx");
        String oci = "{\"apiVersion\":\"source.toolkit.fluxcd.io/v1\",\"kind\":\"OCIRepository\",\"metadata\":{\"name\":\"a\"},"
                + "\"spec\":{\"url\":\"oci://x/y\",\"interval\":\"5m\"},\"status\":{\"artifact\":{\"revision\":\"latest@sha256:1\","
                + "\"metadata\":{\"org.opencontainers.image.revision\":\"abc\"},\"digest\":\"sha256:1\",\"path\":\"p\",\"url\":\"u\","
                + "\"lastUpdateTime\":\"2024-01-01T00:00:00Z\"}}}";
        assertThat(SERIALIZATION.unmarshal(oci, OCIRepository.class).getStatus().getArtifact().getRevision())
                .isEqualTo("latest@sha256:1");
    }

    @Test
    void everyCelRuleOfTheStoredManifestsHasAJavaEquivalent() {
        List<String> missing = new ArrayList<>();
        for (String kind : FluxSchemas.FILES.keySet()) {
            for (CustomResourceDefinitionVersion v : FluxSchemas.crd(kind).getSpec().getVersions()) {
                collectRules(v.getSchema().getOpenAPIV3Schema(), missing);
            }
        }
        assertThat(missing).as("CEL rules FluxSchemas has no Java equivalent for").isEmpty();
    }

    private static void collectRules(JSONSchemaProps schema, List<String> missing) {
        if (schema == null) {
            return;
        }
        if (schema.getXKubernetesValidations() != null) {
            schema.getXKubernetesValidations().stream().map(r -> r.getRule()).filter(r -> !FluxSchemas.hasRule(r))
                    .forEach(missing::add);
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(p -> collectRules(p, missing));
        }
        if (schema.getItems() != null) {
            collectRules(schema.getItems().getSchema(), missing);
        }
        if (schema.getAdditionalProperties() != null) {
            collectRules(schema.getAdditionalProperties().getSchema(), missing);
        }
    }

    /** A value for every property of the schema, recursively (one item per array). */
    static JsonNode sample(JSONSchemaProps schema, int depth) {
        if (Boolean.TRUE.equals(schema.getXKubernetesIntOrString())) {
            return JSON.textNode("1");
        }
        String type = schema.getType() == null ? "object" : schema.getType();
        switch (type) {
            case "string" :
                if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
                    return JSON.textNode(String.valueOf(schema.getEnum().get(0)).replace("\"", ""));
                }
                return JSON.textNode("date-time".equals(schema.getFormat()) ? "2024-01-01T00:00:00Z" : "x");
            case "integer" :
            case "number" :
                return JSON.numberNode(1);
            case "boolean" :
                return JSON.booleanNode(true);
            case "array" :
                return JSON.arrayNode().add(schema.getItems() == null || schema.getItems().getSchema() == null
                        ? JSON.textNode("x")
                        : sample(schema.getItems().getSchema(), depth + 1));
            default :
                ObjectNode o = JSON.objectNode();
                if (depth > 15) {
                    return o;
                }
                if (schema.getProperties() != null) {
                    for (Map.Entry<String, JSONSchemaProps> e : schema.getProperties().entrySet()) {
                        o.set(e.getKey(), sample(e.getValue(), depth + 1));
                    }
                } else if (schema.getAdditionalProperties() != null && schema.getAdditionalProperties().getSchema() != null) {
                    o.set("key", sample(schema.getAdditionalProperties().getSchema(), depth + 1));
                } else if (Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields())) {
                    o.put("anything", "x");
                }
                return o;
        }
    }
}
