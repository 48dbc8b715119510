package dev.fluxconfig.sandbox.fluxstandin;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

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
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.flux.source.HelmChart;
import dev.fluxconfig.model.flux.source.HelmChartSpec;
import dev.fluxconfig.model.flux.source.OCIRepository;

/**
 * <b>Test equipment, not Flux.</b> Writes a status a test chooses, in the shape the Flux controllers write it, for single
 * objects (a failing health check, an inventory with a HelmRelease, a HelmRelease with its HelmChart), through the status
 * subresource. Each scripted object carries {@value #ANNOTATION}, and a running {@link FluxStandIn} leaves such objects
 * alone, so a scripted status sticks while the stand-in plays Flux for everything else.
 */
public final class ScriptedStatus {

    /** Annotation on every object whose status is scripted: the stand-in does not work it. */
    public static final String ANNOTATION = "fluxstandin.fluxconfig.dev/scripted";
    /** The source revision of every scripted status (Flux v1 revision format). */
    public static final String REVISION = "main@sha1:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c";
    /** The artifact time of every scripted source. */
    public static final String ARTIFACT_TIME = "2026-11-28T10:00:00Z";

    private static final int CONFLICT_ATTEMPTS = 5;

    private final KubernetesClient client;

    public ScriptedStatus(KubernetesClient client) {
        this.client = client;
    }

    /** Whether the object's status is scripted (the stand-in leaves it alone). */
    public static boolean isScripted(HasMetadata obj) {
        Map<String, String> annotations = obj.getMetadata().getAnnotations();
        return annotations != null && annotations.containsKey(ANNOTATION);
    }

    /** A Ready condition, its transition time now (to the second). */
    public static Condition ready(String status, String reason, String message) {
        return condition("Ready", status, reason, message);
    }

    public static Condition condition(String type, String status, String reason, String message) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(now).build();
    }

    /** A source's status as source-controller writes it (GitRepository, Bucket, OCIRepository): artifact, conditions. */
    public static SourceStatus sourceStatus(HasMetadata source, String revision) {
        SourceStatus s = new SourceStatus();
        s.setObservedGeneration(source.getMetadata().getGeneration());
        Artifact a = new Artifact();
        a.setRevision(revision);
        a.setDigest("sha256:" + "5a".repeat(32));
        if (source instanceof OCIRepository) {
            a.setMetadata(Map.of("org.opencontainers.image.revision", revision));
        }
        a.setPath(source.getKind().toLowerCase() + "/" + source.getMetadata().getNamespace() + "/"
                + source.getMetadata().getName() + "/" + revision.substring(revision.lastIndexOf(':') + 1) + ".tar.gz");
        a.setUrl("http://source-controller.flux-system.svc.cluster.local./" + a.getPath());
        a.setSize(4096L);
        a.setLastUpdateTime(ARTIFACT_TIME);
        s.setArtifact(a);
        String message = "stored artifact for revision '" + revision + "'";
        s.setConditions(new ArrayList<>(List.of(ready("True", "Succeeded", message),
                condition("ArtifactInStorage", "True", "Succeeded", message))));
        return s;
    }

    /** A Kustomization's status as kustomize-controller writes it: revisions, history, conditions, inventory. */
    public static KustomizationStatus kustomizationStatus(Kustomization k, Condition ready, List<ResourceRef> inventory) {
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

    /** A HelmRelease's status as helm-controller writes it after one install: Ready, one release in its history. */
    public static HelmReleaseStatus helmReleaseStatus(HelmRelease hr, String chartNamespace) {
        String ns = hr.getMetadata().getNamespace();
        String name = hr.getMetadata().getName();
        HelmReleaseStatus s = new HelmReleaseStatus();
        s.setObservedGeneration(hr.getMetadata().getGeneration());
        s.setConditions(new ArrayList<>(List.of(ready("True", "InstallSucceeded", "Helm install succeeded"))));
        s.setHelmChart(chartNamespace + "/" + ns + "-" + name);
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
        return s;
    }

    /** A HelmChart's status as source-controller writes it once the chart is pulled. */
    public static SourceStatus helmChartStatus(HelmChart chart) {
        SourceStatus s = new SourceStatus();
        s.setObservedGeneration(chart.getMetadata().getGeneration());
        s.setConditions(new ArrayList<>(List.of(ready("True", "ChartPullSucceeded",
                "pulled '" + chart.getSpec().getChart() + "' chart"))));
        return s;
    }

    /** Marks the GitRepository scripted and writes it Ready at {@link #REVISION}. */
    public GitRepository gitRepositoryReady(String ns, String name) {
        return write(GitRepository.class, ns, name, repo -> {
            repo.setStatus(sourceStatus(repo, REVISION));
            return repo;
        });
    }

    /** Marks the Kustomization scripted and writes this Ready condition and inventory (none when null). */
    public Kustomization kustomization(String ns, String name, Condition ready, List<ResourceRef> inventory) {
        return write(Kustomization.class, ns, name, k -> {
            k.setStatus(kustomizationStatus(k, ready, inventory));
            return k;
        });
    }

    /** Marks the Kustomization scripted and writes it Ready, applied at {@link #REVISION}, with an empty inventory. */
    public Kustomization kustomizationReady(String ns, String name) {
        return kustomization(ns, name, ready("True", "ReconciliationSucceeded", "Applied revision: " + REVISION), null);
    }

    /**
     * Creates a HelmRelease as a Kustomization applied it (labelled by Flux, scripted), Ready with one release in its
     * history, and the HelmChart helm-controller creates for it in the source namespace, Ready; returns the HelmRelease's
     * inventory entry.
     */
    public ResourceRef helmRelease(String ns, String name, String appliedByNs, String appliedBy) {
        HelmRelease hr = new HelmRelease();
        hr.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns)
                .withLabels(Map.of(FluxStandIn.KUSTOMIZE_NAME_LABEL, appliedBy, FluxStandIn.KUSTOMIZE_NAMESPACE_LABEL,
                        appliedByNs))
                .withAnnotations(Map.of(ANNOTATION, "true"))
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
        created.setStatus(helmReleaseStatus(created, appliedByNs));
        client.resource(created).updateStatus();

        HelmChart chart = new HelmChart();
        chart.setMetadata(new ObjectMetaBuilder().withName(ns + "-" + name).withNamespace(appliedByNs)
                .withAnnotations(Map.of(ANNOTATION, "true")).build());
        HelmChartSpec chartSpec = new HelmChartSpec();
        chartSpec.setChart(name);
        chartSpec.setInterval("5m0s");
        chartSpec.setVersion("*");
        chartSpec.setReconcileStrategy("ChartVersion");
        chartSpec.setSourceRef(new CrossNamespaceSourceReference("HelmRepository", name, null));
        chart.setSpec(chartSpec);
        HelmChart storedChart = client.resource(chart).create();
        storedChart.setStatus(helmChartStatus(storedChart));
        client.resource(storedChart).updateStatus();
        return new ResourceRef(ResourceRef.idOf(ns, name, "helm.toolkit.fluxcd.io", "HelmRelease"), "v2");
    }

    /**
     * Marks the object scripted (first, so a running stand-in stops working it), then writes the status {@code script}
     * sets, locked to the resourceVersion it read; someone else's write in between (the controller, the stand-in's last
     * pass) means reading it again.
     */
    private <T extends HasMetadata> T write(Class<T> type, String ns, String name, UnaryOperator<T> script) {
        T marked = client.resources(type).inNamespace(ns).withName(name).edit(o -> {
            Map<String, String> annotations = new HashMap<>(
                    o.getMetadata().getAnnotations() == null ? Map.of() : o.getMetadata().getAnnotations());
            annotations.put(ANNOTATION, "true");
            o.getMetadata().setAnnotations(annotations);
            return o;
        });
        for (int attempt = 1;; attempt++) {
            try {
                return client.resource(script.apply(marked)).updateStatus();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= CONFLICT_ATTEMPTS) {
                    throw e;
                }
                marked = client.resources(type).inNamespace(ns).withName(name).get();
            }
        }
    }
}
