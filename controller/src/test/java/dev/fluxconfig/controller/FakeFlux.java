package dev.fluxconfig.controller;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.fluxconfig.model.flux.common.Artifact;
import dev.fluxconfig.model.flux.common.CrossNamespaceSourceReference;
import dev.fluxconfig.model.flux.common.SourceStatus;
import dev.fluxconfig.model.flux.helm.HelmChartTemplate;
import dev.fluxconfig.model.flux.helm.HelmChartTemplateSpec;
import dev.fluxconfig.model.flux.helm.HelmRelease;
import dev.fluxconfig.model.flux.helm.HelmReleaseSpec;
import dev.fluxconfig.model.flux.helm.HelmReleaseStatus;
import dev.fluxconfig.model.flux.helm.Snapshot;
import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.kustomize.KustomizationSnapshot;
import dev.fluxconfig.model.flux.kustomize.KustomizationStatus;
import dev.fluxconfig.model.flux.kustomize.ResourceInventory;
import dev.fluxconfig.model.flux.kustomize.ResourceRef;
import dev.fluxconfig.model.flux.source.Bucket;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.flux.source.HelmChart;
import dev.fluxconfig.model.flux.source.HelmChartSpec;
import dev.fluxconfig.model.flux.source.OCIRepository;

/**
 * Test equipment: writes a chosen status, as the Flux controllers would, through the status subresource, for single
 * objects (a failing health check, an inventory with a HelmRelease). Tests that need Flux to play along for a whole
 * cluster use the Flux stand-in ({@code flux-standin}).
 */
public final class FakeFlux {

    /** The finalizer kustomize-controller keeps on a Kustomization until it has pruned what it applied. */
    public static final String FLUX_FINALIZER = "finalizers.fluxcd.io";

    static final String REVISION = "main@sha1:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c";

    private final KubernetesClient client;

    public FakeFlux(KubernetesClient client) {
        this.client = client;
    }

    static Condition ready(String status, String reason, String message) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        return new ConditionBuilder().withType("Ready").withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(now).build();
    }

    /** A GitRepository's status as source-controller writes it: artifact (Flux v1 revision format), conditions. */
    static SourceStatus gitStatus(GitRepository repo) {
        return sourceStatus(repo, REVISION);
    }

    /** A source's status as source-controller writes it (GitRepository, Bucket, OCIRepository). */
    static SourceStatus sourceStatus(HasMetadata repo, String revision) {
        SourceStatus s = new SourceStatus();
        s.setObservedGeneration(repo.getMetadata().getGeneration());
        Artifact a = new Artifact();
        a.setRevision(revision);
        a.setDigest("sha256:" + "5a".repeat(32));
        if (repo instanceof OCIRepository) {
            a.setMetadata(Map.of("org.opencontainers.image.revision", revision));
        }
        a.setPath(repo.getKind().toLowerCase() + "/" + repo.getMetadata().getNamespace() + "/" + repo.getMetadata().getName()
                + "/" + revision.substring(revision.lastIndexOf(':') + 1) + ".tar.gz");
        a.setUrl("http://source-controller.flux-system.svc.cluster.local./" + a.getPath());
        a.setSize(4096L);
        a.setLastUpdateTime("2026-11-28T10:00:00Z");
        s.setArtifact(a);
        String message = "stored artifact for revision '" + revision + "'";
        s.setConditions(new ArrayList<>(List.of(ready("True", "Succeeded", message), condition("ArtifactInStorage", "True",
                "Succeeded", message))));
        return s;
    }

    /** A Kustomization's status as kustomize-controller writes it: revisions, history, conditions, inventory. */
    static KustomizationStatus kustomizationStatus(Kustomization k, Condition ready, List<ResourceRef> inventory) {
        KustomizationStatus s = new KustomizationStatus();
        s.setObservedGeneration(k.getMetadata().getGeneration());
        s.setConditions(new ArrayList<>(List.of(ready)));
        s.setLastAttemptedRevision(REVISION);
        if ("True".equals(ready.getStatus())) {
            s.setLastAppliedRevision(REVISION);
        }
        KustomizationSnapshot h = new KustomizationSnapshot();
        h.setDigest("sha256:" + "7c".repeat(32));
        h.setFirstReconciled("2026-11-28T10:00:01Z");
        h.setLastReconciled("2026-11-28T10:00:01Z");
        h.setLastReconciledDuration("1.2s");
        h.setLastReconciledStatus(ready.getReason());
        h.setTotalReconciliations(1L);
        s.setHistory(new ArrayList<>(List.of(h)));
        ResourceInventory inv = new ResourceInventory();
        inv.setEntries(new ArrayList<>(inventory == null ? List.of() : inventory));
        s.setInventory(inv);
        return s;
    }

    static Condition condition(String type, String status, String reason, String message) {
        Condition c = ready(status, reason, message);
        c.setType(type);
        return c;
    }

    void gitReady(String ns, String name) {
        GitRepository repo = client.resources(GitRepository.class).inNamespace(ns).withName(name).get();
        repo.setStatus(gitStatus(repo));
        client.resource(repo).updateStatus();
    }

    void kustomization(String ns, String name, Condition ready, List<ResourceRef> inventory) {
        Kustomization k = client.resources(Kustomization.class).inNamespace(ns).withName(name).get();
        k.setStatus(kustomizationStatus(k, ready, inventory));
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
        HelmChartTemplateSpec chartTemplate = new HelmChartTemplateSpec();
        chartTemplate.setChart(name);
        chartTemplate.setVersion("*");
        chartTemplate.setReconcileStrategy("ChartVersion");
        chartTemplate.setSourceRef(new CrossNamespaceSourceReference("HelmRepository", name, appliedByNs));
        HelmChartTemplate template = new HelmChartTemplate();
        template.setSpec(chartTemplate);
        spec.setChart(template);
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
        snap.setName(name);
        snap.setNamespace(ns);
        snap.setDigest("sha256:" + "1d".repeat(32));
        snap.setConfigDigest("sha256:" + "2e".repeat(32));
        snap.setFirstDeployed("2026-11-28T10:00:02Z");
        snap.setLastDeployed("2026-11-28T10:00:02Z");
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
        chartSpec.setVersion("*");
        chartSpec.setReconcileStrategy("ChartVersion");
        chartSpec.setSourceRef(new CrossNamespaceSourceReference("HelmRepository", name, null));
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
