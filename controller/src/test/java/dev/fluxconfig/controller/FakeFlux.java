package dev.fluxconfig.controller;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.fluxconfig.model.flux.common.Artifact;
import dev.fluxconfig.model.flux.common.SourceStatus;
import dev.fluxconfig.model.flux.helm.HelmRelease;
import dev.fluxconfig.model.flux.helm.HelmReleaseSpec;
import dev.fluxconfig.model.flux.helm.HelmReleaseStatus;
import dev.fluxconfig.model.flux.helm.Snapshot;
import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.kustomize.KustomizationStatus;
import dev.fluxconfig.model.flux.kustomize.ResourceInventory;
import dev.fluxconfig.model.flux.kustomize.ResourceRef;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.flux.source.HelmChart;
import dev.fluxconfig.model.flux.source.HelmChartSpec;

/** Test equipment: writes the status the Flux controllers would, through the status subresource. */
final class FakeFlux {

    static final String REVISION = "main@sha1:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c";

    private final KubernetesClient client;

    FakeFlux(KubernetesClient client) {
        this.client = client;
    }

    static Condition ready(String status, String reason, String message) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        return new ConditionBuilder().withType("Ready").withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(now).build();
    }

    void gitReady(String ns, String name) {
        GitRepository repo = client.resources(GitRepository.class).inNamespace(ns).withName(name).get();
        SourceStatus s = new SourceStatus();
        s.setObservedGeneration(repo.getMetadata().getGeneration());
        Artifact a = new Artifact();
        a.setRevision(REVISION);
        a.setLastUpdateTime("2026-11-28T10:00:00Z");
        s.setArtifact(a);
        s.setConditions(
                new ArrayList<>(List.of(ready("True", "Succeeded", "stored artifact for revision '" + REVISION + "'"))));
        repo.setStatus(s);
        client.resource(repo).updateStatus();
    }

    void kustomization(String ns, String name, Condition ready, List<ResourceRef> inventory) {
        Kustomization k = client.resources(Kustomization.class).inNamespace(ns).withName(name).get();
        KustomizationStatus s = new KustomizationStatus();
        s.setObservedGeneration(k.getMetadata().getGeneration());
        s.setConditions(new ArrayList<>(List.of(ready)));
        s.setLastAppliedRevision(REVISION);
        if (inventory != null) {
            ResourceInventory inv = new ResourceInventory();
            inv.setEntries(new ArrayList<>(inventory));
            s.setInventory(inv);
        }
        k.setStatus(s);
        client.resource(k).updateStatus();
    }

    void kustomizationReady(String ns, String name) {
        kustomization(ns, name, ready("True", "ReconciliationSucceeded", "Applied revision: " + REVISION), null);
    }

    /** A HelmRelease as a Kustomization applied it: labelled by Flux, Ready, with one release in its history. */
    ResourceRef helmRelease(String ns, String name, String appliedByNs, String appliedBy) {
        HelmRelease hr = new HelmRelease();
        hr.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns)
                .withLabels(Map.of("kustomize.toolkit.fluxcd.io/name", appliedBy, "kustomize.toolkit.fluxcd.io/namespace",
                        appliedByNs))
                .build());
        HelmReleaseSpec spec = new HelmReleaseSpec();
        spec.setInterval("5m0s");
        spec.setReleaseName(name);
        hr.setSpec(spec);
        HelmRelease created = client.resource(hr).create();
        HelmReleaseStatus s = new HelmReleaseStatus();
        s.setObservedGeneration(created.getMetadata().getGeneration());
        s.setConditions(new ArrayList<>(List.of(ready("True", "InstallSucceeded", "Helm install succeeded"))));
        s.setHelmChart(appliedByNs + "/" + ns + "-" + name);
        Snapshot snap = new Snapshot();
        snap.setVersion(3L);
        snap.setChartName(name);
        snap.setChartVersion("1.2.3");
        snap.setStatus("deployed");
        s.setHistory(List.of(snap));
        s.setFailures(0L);
        s.setInstallFailures(1L);
        s.setUpgradeFailures(0L);
        created.setStatus(s);
        client.resource(created).updateStatus();
        // the HelmChart helm-controller creates for the release, in the source namespace
        HelmChart chart = new HelmChart();
        chart.setMetadata(new ObjectMetaBuilder().withName(ns + "-" + name).withNamespace(appliedByNs).build());
        HelmChartSpec chartSpec = new HelmChartSpec();
        chartSpec.setChart(name);
        chartSpec.setInterval("5m0s");
        chart.setSpec(chartSpec);
        HelmChart storedChart = client.resource(chart).create();
        SourceStatus cs = new SourceStatus();
        cs.setObservedGeneration(storedChart.getMetadata().getGeneration());
        cs.setConditions(new ArrayList<>(List.of(ready("True", "ChartPullSucceeded", "pulled '" + name + "' chart"))));
        storedChart.setStatus(cs);
        client.resource(storedChart).updateStatus();
        return new ResourceRef(ResourceRef.idOf(ns, name, "helm.toolkit.fluxcd.io", "HelmRelease"), "v2");
    }
}
