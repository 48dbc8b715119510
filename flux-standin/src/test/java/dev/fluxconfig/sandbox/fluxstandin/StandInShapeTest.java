package dev.fluxconfig.sandbox.fluxstandin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.fluxconfig.model.flux.common.CrossNamespaceSourceReference;
import dev.fluxconfig.model.flux.helm.HelmChartTemplate;
import dev.fluxconfig.model.flux.helm.HelmChartTemplateSpec;
import dev.fluxconfig.model.flux.helm.HelmRelease;
import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.kustomize.KustomizationSnapshot;
import dev.fluxconfig.model.flux.kustomize.KustomizationSpec;
import dev.fluxconfig.model.flux.kustomize.KustomizationStatus;
import dev.fluxconfig.model.flux.kustomize.ResourceInventory;
import dev.fluxconfig.model.flux.kustomize.ResourceRef;
import dev.fluxconfig.testing.FluxSchemas;

/** The statuses the stand-in writes have every field the real Flux schemas require, as Flux's controllers write them. */
class StandInShapeTest {

    @Test
    void helmReleaseStatusSatisfiesTheRealSchema() {
        HelmRelease hr = HelmReleaseStatusTest.release("nginx-ingress-controller", "nginx");
        hr.getSpec().setInterval("10m0s");
        HelmChartTemplateSpec chart = new HelmChartTemplateSpec();
        chart.setChart("ingress-nginx");
        chart.setVersion("4.10.1");
        chart.setReconcileStrategy("ChartVersion");
        chart.setSourceRef(new CrossNamespaceSourceReference("HelmRepository", "ingress-nginx", "cluster-config"));
        HelmChartTemplate template = new HelmChartTemplate();
        template.setSpec(chart);
        hr.getSpec().setChart(template);
        hr.setStatus(
                HelmReleaseReconciler.released(hr, "cluster-config/cluster-config-nginx", "ingress-nginx", "4.10.1", null));
        hr.setStatus(
                HelmReleaseReconciler.released(hr, "cluster-config/cluster-config-nginx", "ingress-nginx", "4.10.2", null));
        // as write() stores it: conditions get their transition times
        hr.getStatus().setConditions(Conditions.carryTransitionTimes(null, hr.getStatus().getConditions(), Instant.now()));
        assertThat(FluxSchemas.violations(hr)).isEmpty();
        assertThat(hr.getStatus().getHistory()).hasSize(2).allSatisfy(h -> {
            assertThat(h.getDigest()).startsWith("sha256:");
            assertThat(h.getConfigDigest()).startsWith("sha256:");
            assertThat(h.getFirstDeployed()).isNotNull();
        });
    }

    @Test
    void kustomizationHistoryHasOneEntryPerAppliedSet() {
        Kustomization k = new Kustomization();
        k.getMetadata().setName("cluster-config-apps");
        k.getMetadata().setNamespace("cluster-config");
        KustomizationSpec spec = new KustomizationSpec();
        spec.setInterval("10m0s");
        spec.setPrune(true);
        spec.setSourceRef(new CrossNamespaceSourceReference("GitRepository", "cluster-config", "cluster-config"));
        k.setSpec(spec);
        ResourceInventory inventory = new ResourceInventory();
        inventory
                .setEntries(new ArrayList<>(List.of(new ResourceRef("cluster-config_podinfo_helm.toolkit.fluxcd.io_HelmRelease",
                        "v2"))));
        KustomizationStatus status = new KustomizationStatus();
        status.setObservedGeneration(1L);
        status.setInventory(inventory);
        status.setLastAppliedRevision("main@sha1:1f2e");
        status.setLastAttemptedRevision("main@sha1:1f2e");
        status.setConditions(Conditions.carryTransitionTimes(null, new ArrayList<>(List.of(Conditions.of(Conditions.READY,
                Conditions.TRUE, "ReconciliationSucceeded", "Applied revision: main@sha1:1f2e", 1L))), Instant.now()));
        List<KustomizationSnapshot> first = KustomizationReconciler.history(null, inventory,
                Instant.parse("2026-01-01T00:00:00Z"));
        List<KustomizationSnapshot> same = KustomizationReconciler.history(first, inventory,
                Instant.parse("2026-01-01T00:05:00Z"));
        assertThat(same).isEqualTo(first).hasSize(1);
        status.setHistory(same);
        k.setStatus(status);
        assertThat(FluxSchemas.violations(k)).isEmpty();
        ResourceInventory other = new ResourceInventory();
        other.setEntries(new ArrayList<>());
        assertThat(KustomizationReconciler.history(first, other, Instant.parse("2026-01-01T00:10:00Z"))).hasSize(2);
    }
}
