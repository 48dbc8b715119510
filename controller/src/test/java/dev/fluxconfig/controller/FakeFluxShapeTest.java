package dev.fluxconfig.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.fluxconfig.controller.desired.KustomizationDesired;
import dev.fluxconfig.controller.desired.SourceDesired;
import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.kustomize.ResourceRef;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.testing.FluxSchemas;
import dev.fluxconfig.testing.TestConfigs;

/** The statuses FakeFlux writes have the shape the real Flux schemas require (the real API server refuses others). */
class FakeFluxShapeTest {

    @Test
    void statusesSatisfyTheRealSchemas() {
        FluxConfig config = TestConfigs.tutorial("cfg", "ns");
        GitRepository repo = (GitRepository) SourceDesired.desired(config, null, null);
        repo.getMetadata().setGeneration(1L);
        repo.setStatus(FakeFlux.gitStatus(repo));
        assertThat(FluxSchemas.violations(repo)).isEmpty();
        assertThat(repo.getStatus().getArtifact().getDigest()).startsWith("sha256:");

        Kustomization k = KustomizationDesired.desired(config, true).get(0);
        k.getMetadata().setGeneration(1L);
        k.setStatus(FakeFlux.kustomizationStatus(k,
                FakeFlux.ready("True", "ReconciliationSucceeded", "Applied revision: " + FakeFlux.REVISION),
                List.of(new ResourceRef(ResourceRef.idOf("web", "nginx", "helm.toolkit.fluxcd.io", "HelmRelease"), "v2"))));
        assertThat(FluxSchemas.violations(k)).isEmpty();
        assertThat(k.getStatus().getHistory()).hasSize(1);
    }
}
