package dev.fluxconfig.controller;

import static dev.fluxconfig.controller.ControllerTestSupport.*;
import static dev.fluxconfig.model.FluxConfigConstants.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.spec.KustomizationDefinition;
import dev.fluxconfig.model.v1alpha1.status.ProvisioningState;
import dev.fluxconfig.testing.TestConfigs;

/** One invalid FluxConfig per class of validation rule: each fails naming its field, and nothing is generated for it. */
@QuarkusTest
@QuarkusTestResource(value = RealKubeTestResource.class, restrictToAnnotatedClass = false)
class ValidationClassesIT {

    @Inject
    KubernetesClient client;

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyClassOfRuleFailsWithItsField() {
        String ns = namespace(client, "classes");
        Map<String, Consumer<FluxConfig>> cases = new LinkedHashMap<>();
        Map<String, String> expected = new LinkedHashMap<>();
        cases.put("url", c -> c.getSpec().getGitRepository().setUrl("ftp://example.com/r"));
        expected.put("url", "gitRepository.url");
        cases.put("ref", c -> c.getSpec().getGitRepository().getRepositoryRef().setTag("v1"));
        expected.put("ref", "gitRepository.repositoryRef");
        cases.put("auth", c -> c.getSpec().getGitRepository().setHttpsUser("user"));
        expected.put("auth", "configurationProtectedSettings.httpsKey");
        // (a timeout of 0 seconds is refused by the CRD schema itself: FluxConfigSchemaIT)
        cases.put("duration", c -> c.getSpec().setReconciliationWaitDuration("ten minutes"));
        expected.put("duration", "reconciliationWaitDuration");
        cases.put("depends", c -> c.getSpec().getKustomizations().get(1).setDependsOn(List.of("infa")));
        expected.put("depends", "kustomizations[apps].dependsOn");
        cases.put("cycle", c -> c.getSpec().getKustomizations().get(0).setDependsOn(List.of("apps")));
        expected.put("cycle", "dependency cycle");
        cases.put("length", c -> c.getSpec().getKustomizations().add(new KustomizationDefinition("k".repeat(60), "./x")));
        expected.put("length", "stays a valid label value");
        cases.put("source", c -> c.getSpec().setGitRepository(null));
        expected.put("source", "gitRepository: is required when sourceKind is GitRepository");
        cases.put("protected", c -> {
        });
        expected.put("protected", "configurationProtectedSettings.bucketSecretKey");

        client.resource(new SecretBuilder().withNewMetadata().withName(protectedSettingsSecretName("protected"))
                .withNamespace(ns).addToLabels(LABEL_MANAGED_BY, MANAGED_BY_AGENT).endMetadata()
                .addToData(PS_BUCKET_SECRET_KEY, b64(b64("x"))).build()).create();
        cases.forEach((name, change) -> {
            FluxConfig c = TestConfigs.tutorial(name, ns);
            change.accept(c);
            client.resource(c).create();
        });
        cases.keySet().forEach(name -> {
            FluxConfig failed = awaitConfig(client, ns, name,
                    c -> c.getStatus() != null && c.getStatus().getProvisioningState() == ProvisioningState.FAILED);
            assertThat(failed.getStatus().getErrorMessage()).as(name).contains(expected.get(name));
            assertThat(client.resources(GitRepository.class).inNamespace(ns).withName(name).get()).as(name).isNull();
        });
    }
}
