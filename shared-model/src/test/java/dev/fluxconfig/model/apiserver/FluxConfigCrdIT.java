package dev.fluxconfig.model.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import dev.fluxconfig.model.FluxConfigConstants;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.testing.RealKube;
import dev.fluxconfig.testing.TestConfigs;
import dev.fluxconfig.testing.TestNamespace;

/** The generated FluxConfig CRD on a real API server: accepted, and a tutorial-shaped config round-trips unchanged. */
@RealKube
class FluxConfigCrdIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void crdIsEstablishedWithStatusSubresourceAndColumns(KubernetesClient client) {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                .withName(FluxConfigConstants.CRD_NAME).get();
        assertThat(crd).isNotNull();
        assertThat(crd.getStatus().getConditions())
                .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
        assertThat(crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns()).extracting(c -> c.getName())
                .containsExactly("Scope", "URL", "Provision", "Compliance", "Age");
    }

    @Test
    void tutorialConfigRoundTripsUnchanged(KubernetesClient client, TestNamespace ns) {
        FluxConfig sent = TestConfigs.tutorial("cluster-config", ns.name());
        FluxConfig stored = client.resources(FluxConfig.class).resource(sent).create();

        JsonNode sentSpec = canonical(sent.getSpec());
        JsonNode storedSpec = canonical(stored.getSpec());
        assertThat(storedSpec.toString()).isEqualTo(sentSpec.toString());
        // and the raw object the server keeps has exactly the fields we sent (nothing pruned, nothing added)
        GenericKubernetesResource raw = client.genericKubernetesResources(
                ResourceDefinitionContext.fromResourceType(FluxConfig.class)).inNamespace(ns.name())
                .withName("cluster-config").get();
        JsonNode rawSpec = canonical(raw.getAdditionalProperties().get("spec"));
        assertThat(rawSpec.equals(sentSpec)).as("raw spec %s equals sent spec %s", rawSpec, sentSpec).isTrue();
    }

    /** JSON tree with numbers normalised (a Long and an Integer of one value compare equal). */
    static JsonNode canonical(Object value) {
        try {
            return JSON.readTree(JSON.writeValueAsString(value));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void serverAppliesTheArmDefaults(KubernetesClient client, TestNamespace ns) {
        // a minimal object as kubectl users would write it: the API server fills in the ARM defaults
        GenericKubernetesResource minimal = new GenericKubernetesResource();
        minimal.setApiVersion(FluxConfigConstants.API_VERSION);
        minimal.setKind(FluxConfigConstants.KIND);
        minimal.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("minimal")
                .withNamespace(ns.name()).build());
        minimal.setAdditionalProperty("spec", Map.of(
                "gitRepository", Map.of("url", "https://example.com/repo", "repositoryRef", Map.of("branch", "main")),
                "kustomizations", java.util.List.of(Map.of("name", "k1"))));
        client.genericKubernetesResources(ResourceDefinitionContext.fromResourceType(FluxConfig.class))
                .inNamespace(ns.name()).resource(minimal).create();

        FluxConfig stored = client.resources(FluxConfig.class).inNamespace(ns.name()).withName("minimal").get();
        assertThat(stored.getSpec().getScope().value()).isEqualTo("cluster");
        assertThat(stored.getSpec().getSourceKind().value()).isEqualTo("GitRepository");
        assertThat(stored.getSpec().getGitRepository().getSyncIntervalInSeconds()).isEqualTo(600L);
        assertThat(stored.getSpec().getGitRepository().getTimeoutInSeconds()).isEqualTo(600L);
        var k = stored.getSpec().getKustomizations().get(0);
        assertThat(k.getWait()).isTrue();
        assertThat(k.getPrune()).isFalse();
        assertThat(k.getForce()).isFalse();
        assertThat(k.getSyncIntervalInSeconds()).isEqualTo(600L);
        assertThat(k.getPath()).isEmpty();
    }

    @Test
    void schemaRejectsAnUnknownScope(KubernetesClient client, TestNamespace ns) {
        GenericKubernetesResource bad = new GenericKubernetesResource();
        bad.setApiVersion(FluxConfigConstants.API_VERSION);
        bad.setKind(FluxConfigConstants.KIND);
        bad.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("bad-scope")
                .withNamespace(ns.name()).build());
        bad.setAdditionalProperty("spec", Map.of("scope", "galaxy"));
        assertThatThrownBy(() -> client.genericKubernetesResources(
                ResourceDefinitionContext.fromResourceType(FluxConfig.class)).inNamespace(ns.name()).resource(bad).create())
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining("spec.scope");
    }

    @Test
    void kustomizationsAreAMapKeyedByName(KubernetesClient client, TestNamespace ns) {
        FluxConfig config = TestConfigs.tutorial("dup", ns.name());
        config.getSpec().getKustomizations().get(1).setName("infra");
        assertThatThrownBy(() -> client.resources(FluxConfig.class).resource(config).create())
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining("Duplicate value");
    }
}
