package dev.fluxconfig.sandbox.fluxstandin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

import dev.fluxconfig.model.flux.common.CrossNamespaceSourceReference;
import dev.fluxconfig.model.flux.helm.HelmRelease;
import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.kustomize.ResourceRef;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.flux.source.HelmChart;
import dev.fluxconfig.model.flux.source.HelmChartSpec;
import dev.fluxconfig.testing.FluxSchemas;

/** The statuses {@link ScriptedStatus} writes have the shape the real Flux schemas require (the real server refuses others). */
class ScriptedStatusTest {

    @Test
    void sourceAndKustomizationStatusesSatisfyTheRealSchemas() {
        GitRepository repo = Fixtures.gitRepository("ns", "cfg", Fixtures.TUTORIAL_URL, "main");
        repo.getMetadata().setGeneration(1L);
        repo.setStatus(ScriptedStatus.sourceStatus(repo, ScriptedStatus.REVISION));
        assertThat(FluxSchemas.violations(repo)).isEmpty();
        assertThat(repo.getStatus().getArtifact().getDigest()).startsWith("sha256:");
        assertThat(repo.getStatus().getConditions()).extracting(c -> c.getType()).containsExactly("Ready",
                "ArtifactInStorage");

        Kustomization k = Fixtures.kustomization("ns", "cfg-apps", "cfg", "./apps", "cfg-infra");
        k.getMetadata().setGeneration(1L);
        k.setStatus(ScriptedStatus.kustomizationStatus(k,
                ScriptedStatus.ready("True", "ReconciliationSucceeded", "Applied revision: " + ScriptedStatus.REVISION),
                List.of(new ResourceRef(ResourceRef.idOf("web", "nginx", "helm.toolkit.fluxcd.io", "HelmRelease"), "v2"))));
        assertThat(FluxSchemas.violations(k)).isEmpty();
        assertThat(k.getStatus().getHistory()).hasSize(1);
        assertThat(k.getStatus().getLastAppliedRevision()).isEqualTo(ScriptedStatus.REVISION);

        Kustomization failing = Fixtures.kustomization("ns", "cfg-infra", "cfg", "./infra");
        failing.getMetadata().setGeneration(1L);
        failing.setStatus(ScriptedStatus.kustomizationStatus(failing,
                ScriptedStatus.ready("False", "HealthCheckFailed", "timeout waiting for podinfo"), null));
        assertThat(FluxSchemas.violations(failing)).isEmpty();
        assertThat(failing.getStatus().getLastAppliedRevision()).isNull();
    }

    @Test
    void helmReleaseAndHelmChartStatusesSatisfyTheRealSchemas() {
        HelmRelease hr = Fixtures.helmRelease("web", "podinfo", "podinfo", "*");
        hr.getMetadata().setGeneration(1L);
        hr.setStatus(ScriptedStatus.helmReleaseStatus(hr, "cluster-config"));
        assertThat(FluxSchemas.violations(hr)).isEmpty();
        assertThat(hr.getStatus().getHelmChart()).isEqualTo("cluster-config/web-podinfo");
        assertThat(hr.getStatus().getHistory()).singleElement().satisfies(h -> assertThat(h.getVersion()).isEqualTo(3L));

        HelmChart chart = new HelmChart();
        chart.setMetadata(new ObjectMetaBuilder().withName("web-podinfo").withNamespace("cluster-config").withGeneration(1L)
                .build());
        HelmChartSpec spec = new HelmChartSpec();
        spec.setChart("podinfo");
        spec.setInterval("5m0s");
        spec.setVersion("*");
        spec.setReconcileStrategy("ChartVersion");
        spec.setSourceRef(new CrossNamespaceSourceReference("HelmRepository", "podinfo", null));
        chart.setSpec(spec);
        chart.setStatus(ScriptedStatus.helmChartStatus(chart));
        assertThat(FluxSchemas.violations(chart)).isEmpty();
    }
}
