package dev.fluxconfig.model.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import dev.fluxconfig.model.FluxConfigConstants;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.validation.InputLimits;
import dev.fluxconfig.testing.RealKube;
import dev.fluxconfig.testing.TestConfigs;
import dev.fluxconfig.testing.TestNamespace;

/**
 * The FluxConfig CRD's schema on the real API server refuses, at the door and naming the field, what needs no secret to
 * judge (no spec, overlong or escaping paths, credentials in URLs, out-of-range numbers, unknown enum values, too many
 * entries), and still takes every valid shape the project uses. (The 1.20 API server names a field of a list item
 * without its index.)
 */
@RealKube
class FluxConfigSchemaIT {

    static final ObjectMapper JSON = new ObjectMapper();

    final KubernetesClient client;
    final TestNamespace ns;
    /** Names are unique across the class: its test methods share one namespace. */
    static final java.util.concurrent.atomic.AtomicInteger CREATED = new java.util.concurrent.atomic.AtomicInteger();
    final List<String> refusedNames = new ArrayList<>();

    FluxConfigSchemaIT(KubernetesClient client, TestNamespace ns) {
        this.client = client;
        this.ns = ns;
    }

    /** The tutorial's configuration as the plain map kubectl would send, changed by {@code change}. */
    GenericKubernetesResource tutorial(Consumer<Map<String, Object>> change) {
        Map<String, Object> spec = JSON.convertValue(TestConfigs.tutorialSpec("cfg"), new TypeReference<>() {
        });
        change.accept(spec);
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion(FluxConfigConstants.API_VERSION);
        r.setKind(FluxConfigConstants.KIND);
        r.setMetadata(new ObjectMetaBuilder().withName("cfg-" + CREATED.getAndIncrement()).withNamespace(ns.name()).build());
        r.setAdditionalProperty("spec", spec);
        return r;
    }

    GenericKubernetesResource create(GenericKubernetesResource r) {
        return client.genericKubernetesResources(ResourceDefinitionContext.fromResourceType(FluxConfig.class))
                .inNamespace(ns.name()).resource(r).create();
    }

    void refused(String title, GenericKubernetesResource r, String field) {
        refusedNames.add(r.getMetadata().getName());
        assertThatThrownBy(() -> create(r)).as(title).isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).as(title).isEqualTo(422))
                .hasMessageContaining(field);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> kustomization(Map<String, Object> spec, int i) {
        return ((List<Map<String, Object>>) spec.get("kustomizations")).get(i);
    }

    @Test
    void aFluxConfigWithoutSpecIsRefused() {
        GenericKubernetesResource r = tutorial(s -> {
        });
        r.getAdditionalProperties().remove("spec");
        refused("no spec", r, "spec: Required value");
    }

    @Test
    void badValuesAreRefusedNamingTheirField() {
        refused("200 KB path", tutorial(s -> kustomization(s, 0).put("path", "a/".repeat(100_000))),
                "spec.kustomizations.path");
        refused("../../etc", tutorial(s -> kustomization(s, 0).put("path", "../../etc")), "spec.kustomizations.path");
        refused("./apps/../../x", tutorial(s -> kustomization(s, 1).put("path", "./apps/../../x")),
                "spec.kustomizations.path");
        refused("password in URL", tutorial(s -> map(s, "gitRepository").put("url", "https://u:pw@example.com/r")),
                "spec.gitRepository.url");
        refused("whitespace in URL", tutorial(s -> map(s, "gitRepository").put("url", "https://example.com/a b")),
                "spec.gitRepository.url");
        refused("no kustomizations", tutorial(s -> s.put("kustomizations", List.of())), "spec.kustomizations");
        refused("timeout 0", tutorial(s -> kustomization(s, 0).put("timeoutInSeconds", 0)),
                "spec.kustomizations.timeoutInSeconds");
        refused("interval too long", tutorial(s -> map(s, "gitRepository").put("syncIntervalInSeconds", 40_000_000L)),
                "spec.gitRepository.syncIntervalInSeconds");
        refused("kustomization name", tutorial(s -> kustomization(s, 0).put("name", "Infra_1")),
                "spec.kustomizations.name");
        refused("provider", tutorial(s -> map(s, "gitRepository").put("provider", "Gitea")), "spec.gitRepository.provider");
        refused("localAuthRef", tutorial(s -> map(s, "gitRepository").put("localAuthRef", "../secret")),
                "spec.gitRepository.localAuthRef");
        refused("long branch", tutorial(s -> map(map(s, "gitRepository"), "repositoryRef").put("branch", "b".repeat(300))),
                "spec.gitRepository.repositoryRef.branch");
        refused("scope", tutorial(s -> s.put("scope", "galaxy")), "spec.scope");
        refused("sourceKind", tutorial(s -> s.put("sourceKind", "Svn")), "spec.sourceKind");
        refused("long correlation id", tutorial(s -> s.put("correlationId", "c".repeat(10_000))), "spec.correlationId");
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i <= InputLimits.MAX_KUSTOMIZATIONS; i++) {
            many.add(new LinkedHashMap<>(Map.of("name", "k" + i)));
        }
        refused("too many kustomizations", tutorial(s -> s.put("kustomizations", many)), "spec.kustomizations");
        List<String> deps = new ArrayList<>();
        for (int i = 0; i <= InputLimits.MAX_DEPENDS_ON; i++) {
            deps.add("infra");
        }
        refused("too many dependsOn", tutorial(s -> kustomization(s, 1).put("dependsOn", deps)),
                "spec.kustomizations.dependsOn");
        assertThat(client.genericKubernetesResources(ResourceDefinitionContext.fromResourceType(FluxConfig.class))
                .inNamespace(ns.name()).list().getItems()).as("nothing refused was stored")
                .noneMatch(r -> refusedNames.contains(r.getMetadata().getName()));
    }

    @Test
    void everyValidShapeIsStillAccepted() {
        List<GenericKubernetesResource> valid = List.of(
                tutorial(s -> {
                }),
                tutorial(s -> map(s, "gitRepository").put("url", "ssh://git@github.com/org/repo.git")),
                tutorial(s -> map(s, "gitRepository").put("url", "git@github.com:Azure/gitops-flux2-kustomize-helm-mt.git")),
                tutorial(s -> map(s, "gitRepository").put("url", "https://dev.azure.com/org/p/_git/repo")),
                tutorial(s -> {
                    map(s, "gitRepository").put("provider", "Azure");
                    map(s, "gitRepository").put("localAuthRef", "git-credentials");
                    map(map(s, "gitRepository"), "repositoryRef").put("semver", ">=1.0.0 <2.0.0");
                    map(map(s, "gitRepository"), "repositoryRef").put("commit", "0123abcd");
                    kustomization(s, 0).put("path", "");
                    kustomization(s, 1).put("path", "./apps/..data/.hidden/...");
                    kustomization(s, 1).put("retryIntervalInSeconds", 35_791_394L);
                    kustomization(s, 1).put("postBuild", Map.of("substitute", Map.of("cluster_env", "prod"),
                            "substituteFrom", List.of(Map.of("kind", "ConfigMap", "name", "vars"))));
                }),
                tutorial(s -> {
                    s.remove("gitRepository");
                    s.put("sourceKind", "Bucket");
                    s.put("bucket", Map.of("url", "http://minio.example.com:9000", "bucketName", "flux-bucket",
                            "accessKey", "AKIA123"));
                }),
                tutorial(s -> {
                    s.remove("gitRepository");
                    s.put("sourceKind", "AzureBlob");
                    s.put("azureBlob", Map.of("url", "https://myaccount.blob.core.windows.net", "containerName", "flux",
                            "servicePrincipal", Map.of("clientId", "c", "tenantId", "t")));
                }),
                tutorial(s -> {
                    s.remove("gitRepository");
                    s.put("sourceKind", "OCIRepository");
                    s.put("ociRepository", Map.of("url", "oci://ghcr.io/org/manifests", "repositoryRef",
                            Map.of("digest", "sha256:" + "a".repeat(64)), "layerSelector", Map.of("operation", "copy"),
                            "serviceAccountName", "puller"));
                }));
        for (GenericKubernetesResource r : valid) {
            assertThat(create(r)).as(r.getAdditionalProperties().toString()).isNotNull();
        }
        List<Map<String, Object>> most = new ArrayList<>();
        for (int i = 0; i < InputLimits.MAX_KUSTOMIZATIONS; i++) {
            most.add(new LinkedHashMap<>(Map.of("name", "k" + i, "path", "./k" + i)));
        }
        assertThat(create(tutorial(s -> s.put("kustomizations", most)))).isNotNull();
    }
}
