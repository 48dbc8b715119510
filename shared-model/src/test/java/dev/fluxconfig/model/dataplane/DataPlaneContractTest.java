package dev.fluxconfig.model.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Keeps the Java DTOs and {@code openapi/dataplane.yaml} in step: every schema reachable from the three operations has
 * a class of the same simple name with exactly the same properties and types, and the document's examples read into
 * the DTOs without unknown fields.
 */
class DataPlaneContractTest {

    private static final List<String> PACKAGES = List.of("dev.fluxconfig.model.dataplane",
            "dev.fluxconfig.model.v1alpha1.spec", "dev.fluxconfig.model.v1alpha1.status");

    private static JsonNode doc;
    private static JsonNode schemas;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void readDocument() throws Exception {
        try (InputStream in = DataPlaneContractTest.class.getResourceAsStream("/openapi/dataplane.yaml")) {
            assertThat(in).as("openapi/dataplane.yaml on the classpath").isNotNull();
            doc = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        schemas = doc.at("/components/schemas");
    }

    @Test
    void operationsUseTheDtos() {
        JsonNode paths = doc.get("paths");
        assertThat(operation(paths, "getPendingConfigs").at("/responses/200/content/application~1json/schema/$ref")
                .asText()).isEqualTo("#/components/schemas/" + PendingConfigurations.class.getSimpleName());
        assertThat(operation(paths, "postConfigurationStatus")
                .at("/requestBody/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/" + ConfigurationStatus.class.getSimpleName());
        assertThat(operation(paths, "postHeartbeat").at("/requestBody/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/" + Heartbeat.class.getSimpleName());
        assertThat(operation(paths, "getPendingConfigs").at("/responses/304")).as("304 Not Modified").isNotNull();
        assertThat(paths.fieldNames()).toIterable().allMatch(p -> p.startsWith(
                "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/provider/{resourceProviderAndClusterType}/clusters/{clusterName}/"));
        String clusterPath = DataPlanePaths.clusterPath("{subscriptionId}", "{resourceGroup}", "{x}", "{y}", "{clusterName}")
                .replace("%7B", "{").replace("%7D", "}").replace("{x}-{y}", "{resourceProviderAndClusterType}");
        assertThat(paths.has(DataPlanePaths.pendingConfigs(clusterPath))).isTrue();
        assertThat(paths.has(DataPlanePaths.heartbeat(clusterPath))).isTrue();
        assertThat(paths.has(clusterPath + "/configurations/{configurationName}/status")).isTrue();
    }

    @Test
    void everySchemaMatchesItsClass() throws Exception {
        Deque<Class<?>> todo = new ArrayDeque<>(
                List.of(PendingConfigurations.class, ConfigurationStatus.class, Heartbeat.class, ErrorResponse.class));
        Set<Class<?>> seen = new HashSet<>();
        List<String> problems = new ArrayList<>();
        while (!todo.isEmpty()) {
            Class<?> type = todo.pop();
            if (!seen.add(type)) {
                continue;
            }
            JsonNode schema = schemas.get(type.getSimpleName());
            if (schema == null) {
                problems.add("no schema " + type.getSimpleName() + " for " + type.getName());
                continue;
            }
            Map<String, Type> javaProps = properties(type);
            Set<String> schemaProps = new TreeSet<>();
            schema.path("properties").fieldNames().forEachRemaining(schemaProps::add);
            if (!schemaProps.equals(new TreeSet<>(javaProps.keySet()))) {
                problems.add(type.getSimpleName() + ": schema has " + schemaProps + ", class has "
                        + new TreeSet<>(javaProps.keySet()));
            }
            javaProps.forEach((name, javaType) -> {
                JsonNode prop = schema.path("properties").get(name);
                if (prop != null) {
                    compare(type.getSimpleName() + "." + name, javaType, prop, problems, todo);
                }
            });
        }
        Set<String> unused = new TreeSet<>();
        schemas.fieldNames().forEachRemaining(unused::add);
        seen.forEach(c -> unused.remove(c.getSimpleName()));
        assertThat(unused).as("schemas without a DTO").isEmpty();
        assertThat(problems).isEmpty();
    }

    @Test
    void examplesReadIntoTheDtosWithoutUnknownFields() throws Exception {
        ObjectMapper strict = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        JsonNode paths = doc.get("paths");
        JsonNode pending = operation(paths, "getPendingConfigs").at("/responses/200/content/application~1json/example");
        PendingConfigurations list = strict.treeToValue(pending, PendingConfigurations.class);
        assertThat(list.configurations()).hasSize(1);
        DesiredConfiguration c = list.configurations().get(0);
        assertThat(c.properties().kustomizations()).containsOnlyKeys("infra", "apps");
        assertThat(c.properties().kustomizations().get("apps").getDependsOn()).containsExactly("infra");
        assertThat(c.properties().configurationProtectedSettings()).containsKey("httpsKey");

        ConfigurationStatus status = strict.treeToValue(
                operation(paths, "postConfigurationStatus").at("/requestBody/content/application~1json/example"),
                ConfigurationStatus.class);
        assertThat(status.statuses().get(0).getStatusConditions().get(0).getType()).isEqualTo("Ready");
        Heartbeat heartbeat = strict.treeToValue(
                operation(paths, "postHeartbeat").at("/requestBody/content/application~1json/example"), Heartbeat.class);
        assertThat(heartbeat.fluxVersion()).isEqualTo("v2.7.5");
        // and back: what the DTOs write is what the document shows
        assertThat((JsonNode) json.valueToTree(heartbeat)).isEqualTo(
                operation(paths, "postHeartbeat").at("/requestBody/content/application~1json/example"));
    }

    private static JsonNode operation(JsonNode paths, String operationId) {
        for (Iterator<JsonNode> it = paths.elements(); it.hasNext();) {
            JsonNode path = it.next();
            for (String verb : List.of("get", "post", "put", "delete")) {
                if (path.has(verb) && operationId.equals(path.get(verb).path("operationId").asText())) {
                    return path.get(verb);
                }
            }
        }
        throw new AssertionError("no operation " + operationId);
    }

    private Map<String, Type> properties(Class<?> type) {
        BeanDescription bean = json.getSerializationConfig().introspect(json.constructType(type));
        Map<String, Type> props = new LinkedHashMap<>();
        for (BeanPropertyDefinition p : bean.findProperties()) {
            props.put(p.getName(), genericType(p));
        }
        return props;
    }

    private static Type genericType(BeanPropertyDefinition p) {
        if (p.getField() != null) {
            return p.getField().getAnnotated().getGenericType();
        }
        return p.getGetter().getAnnotated().getGenericReturnType();
    }

    private void compare(String where, Type javaType, JsonNode prop, List<String> problems, Deque<Class<?>> todo) {
        if (javaType instanceof ParameterizedType pt) {
            Class<?> raw = (Class<?>) pt.getRawType();
            if (List.class.isAssignableFrom(raw)) {
                expect(where, prop, "array", problems);
                compare(where + "[]", pt.getActualTypeArguments()[0], prop.path("items"), problems, todo);
            } else if (Map.class.isAssignableFrom(raw)) {
                expect(where, prop, "object", problems);
                compare(where + "{}", pt.getActualTypeArguments()[1], prop.path("additionalProperties"), problems, todo);
            } else {
                problems.add(where + ": unsupported type " + javaType);
            }
            return;
        }
        Class<?> c = (Class<?>) javaType;
        if (c == String.class) {
            expect(where, prop, "string", problems);
            if (prop.has("enum")) {
                problems.add(where + ": a String in Java must not be an enum in the schema");
            }
        } else if (c == Long.class || c == Integer.class || c == long.class || c == int.class) {
            expect(where, prop, "integer", problems);
            String format = c == Long.class || c == long.class ? "int64" : "int32";
            if (!format.equals(prop.path("format").asText())) {
                problems.add(where + ": format should be " + format);
            }
        } else if (c == Boolean.class || c == boolean.class) {
            expect(where, prop, "boolean", problems);
        } else if (c.isEnum()) {
            expect(where, prop, "string", problems);
            Set<String> values = new TreeSet<>();
            for (Object constant : c.getEnumConstants()) {
                try {
                    JsonProperty ann = c.getField(((Enum<?>) constant).name()).getAnnotation(JsonProperty.class);
                    values.add(ann != null ? ann.value() : ((Enum<?>) constant).name());
                } catch (NoSuchFieldException e) {
                    throw new IllegalStateException(e);
                }
            }
            Set<String> documented = new TreeSet<>();
            prop.path("enum").forEach(v -> documented.add(v.asText()));
            if (!values.equals(documented)) {
                problems.add(where + ": enum " + documented + " but Java has " + values);
            }
        } else if (PACKAGES.contains(c.getPackageName())) {
            String ref = "#/components/schemas/" + c.getSimpleName();
            if (!ref.equals(prop.path("$ref").asText())) {
                problems.add(where + ": expected $ref " + ref + " but found " + prop);
            }
            todo.push(c);
        } else {
            problems.add(where + ": unsupported type " + c.getName());
        }
    }

    private static void expect(String where, JsonNode prop, String type, List<String> problems) {
        if (!type.equals(prop.path("type").asText())) {
            problems.add(where + ": schema type should be " + type + " but is " + prop);
        }
    }
}
