package dev.fluxconfig.model.crd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import dev.fluxconfig.model.FluxConfigConstants;

/** The API module carries the generated FluxConfig CRD only: the real Flux CRDs are the Flux stand-in's. */
class ProjectCrdsLoadTest {

    @Test
    void theApiModuleListsOnlyTheFluxConfigCrd() {
        try (KubernetesClient client = new KubernetesClientBuilder().build()) {
            assertThat(ProjectCrds.load(client)).extracting(crd -> crd.getMetadata().getName())
                    .containsExactly(FluxConfigConstants.CRD_NAME);
        }
        assertThat(ProjectCrds.class.getClassLoader().getResource("crds/flux")).as("no Flux manifests in shared-model")
                .isNull();
    }
}
