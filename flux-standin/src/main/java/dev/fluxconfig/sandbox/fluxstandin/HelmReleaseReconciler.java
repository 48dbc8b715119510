package dev.fluxconfig.sandbox.fluxstandin;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.CustomResource;

import dev.fluxconfig.model.FluxConfigConstants;
import dev.fluxconfig.model.flux.common.CrossNamespaceSourceReference;
import dev.fluxconfig.model.flux.common.SourceStatus;
import dev.fluxconfig.model.flux.helm.HelmChartTemplateSpec;
import dev.fluxconfig.model.flux.helm.HelmRelease;
import dev.fluxconfig.model.flux.helm.HelmReleaseStatus;
import dev.fluxconfig.model.flux.helm.Snapshot;
import dev.fluxconfig.model.flux.source.HelmChart;
import dev.fluxconfig.model.flux.source.HelmChartSpec;

/**
 * Plays helm-controller: a HelmRelease gets its HelmChart {@code <namespace>-<name>} in the chart source's namespace (played
 * as a source), then a release history and Ready=True with the install (or, when the chart version changes, upgrade)
 * message. Nothing is installed: no Helm, no workload.
 */
final class HelmReleaseReconciler {

    /** Flux's default {@code spec.maxHistory}. */
    static final int MAX_HISTORY = 5;

    private final Cluster cluster;
    private final Caches caches;
    private final SourceReconciler sources;
    private final FailureRules failures;
    private final Clock clock;

    HelmReleaseReconciler(Cluster cluster, Caches caches, SourceReconciler sources, FailureRules failures, Clock clock) {
        this.cluster = cluster;
        this.caches = caches;
        this.sources = sources;
        this.failures = failures;
        this.clock = clock;
    }

    Outcome reconcile(HelmRelease hr) {
        if (hr.getMetadata().getDeletionTimestamp() != null || FluxStandIn.isSuspended(hr)) {
            return Outcome.DONE;
        }
        Long generation = hr.getMetadata().getGeneration();
        HelmChartTemplateSpec template = hr.getSpec() == null || hr.getSpec().getChart() == null
                ? null
                : hr.getSpec().getChart().getSpec();
        if (template == null || template.getChart() == null || template.getChart().isBlank()) {
            HelmReleaseStatus desired = startFrom(hr);
            desired.setObservedGeneration(generation);
            return write(hr, desired, List.of(Conditions.of(Conditions.READY, Conditions.FALSE, "InitFailed",
                    "the flux stand-in plays HelmReleases with spec.chart only", generation)), "Ready=False InitFailed");
        }
        String chartNs = chartNamespace(hr);
        String chartName = chartName(hr);
        HelmChart chart = ensureChart(hr, template, chartNs, chartName);
        SourceStatus chartStatus = sources.reconcile(FluxKind.HELM_CHART, chart).map(CustomResource::getStatus)
                .orElse(chart.getStatus());
        List<Condition> chartConditions = chartStatus == null ? null : chartStatus.getConditions();
        if (Conditions.find(chartConditions, Conditions.READY).isEmpty()) {
            // the chart is suspended and was never pulled: its status event brings this release back
            return Outcome.DONE;
        }
        if (!Conditions.isTrue(chartConditions, Conditions.READY) || chartStatus.getArtifact() == null) {
            String why = Conditions.find(chartConditions, Conditions.READY).map(Condition::getMessage).orElse("");
            HelmReleaseStatus desired = startFrom(hr);
            desired.setObservedGeneration(generation);
            desired.setHelmChart(chartNs + "/" + chartName);
            String msg = "HelmChart '" + chartNs + "/" + chartName + "' is not ready: " + why;
            return write(hr, desired,
                    List.of(Conditions.of(Conditions.READY, Conditions.FALSE, "ArtifactFailed", msg, generation)),
                    "Ready=False ArtifactFailed");
        }
        String version = chartStatus.getArtifact().getRevision();
        Optional<FailureRules.Failure> failure = failures.byAnnotation(FluxKind.HELM_RELEASE, hr);
        HelmReleaseStatus desired = released(hr, chartNs + "/" + chartName, template.getChart(), version,
                failure.map(FailureRules.Failure::message).orElse(null));
        Condition ready = Conditions.find(desired.getConditions(), Conditions.READY).orElseThrow();
        return write(hr, desired, desired.getConditions(),
                "Ready=" + ready.getStatus() + " " + ready.getReason() + " \"" + ready.getMessage() + "\"");
    }

    /**
     * The status after a (pretend) Helm action: a new history entry when nothing was released yet or the chart, version or
     * release changed; Ready/Released True with Flux's install or upgrade message, or False when a failure is requested.
     */
    static HelmReleaseStatus released(HelmRelease hr, String helmChart, String chart, String version, String failure) {
        return released(hr, helmChart, chart, version, failure, java.time.Instant.now());
    }

    static HelmReleaseStatus released(HelmRelease hr, String helmChart, String chart, String version, String failure,
            java.time.Instant now) {
        HelmReleaseStatus current = hr.getStatus();
        List<Snapshot> history = new ArrayList<>();
        if (current != null && current.getHistory() != null) {
            for (Snapshot s : current.getHistory()) {
                history.add(copy(s));
            }
        }
        String releaseName = releaseName(hr);
        String releaseNs = releaseNamespace(hr);
        Snapshot latest = history.isEmpty() ? null : history.get(0);
        boolean changed = latest == null || !version.equals(latest.getChartVersion()) || !chart.equals(latest.getChartName())
                || !releaseName.equals(latest.getName()) || !releaseNs.equals(latest.getNamespace());
        Long generation = hr.getMetadata().getGeneration();

        HelmReleaseStatus s = new HelmReleaseStatus();
        s.setObservedGeneration(generation);
        s.setLastHandledReconcileAt(current == null ? null : current.getLastHandledReconcileAt());
        s.setHelmChart(helmChart);
        s.setLastAttemptedRevision(version);
        List<Condition> conditions = new ArrayList<>();
        if (failure != null) {
            boolean install = latest == null;
            String reason = install ? "InstallFailed" : "UpgradeFailed";
            String msg = "Helm " + (install ? "install" : "upgrade") + " failed for release " + releaseNs + "/" + releaseName
                    + " with chart " + chart + "@" + version + ": " + failure;
            s.setHistory(history.isEmpty() ? null : history);
            s.setLastReleaseRevision(latest == null ? null : latest.getVersion());
            s.setFailures(1L);
            s.setInstallFailures(install ? 1L : 0L);
            s.setUpgradeFailures(install ? 0L : 1L);
            conditions.add(Conditions.of(Conditions.READY, Conditions.FALSE, reason, msg, generation));
            conditions.add(Conditions.of("Released", Conditions.FALSE, reason, msg, generation));
        } else {
            if (changed) {
                long v = latest == null ? 1 : latest.getVersion() + 1;
                if (latest != null) {
                    latest.setStatus("superseded");
                }
                history.add(0, snapshot(v, chart, version, releaseName, releaseNs,
                        now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()));
                while (history.size() > MAX_HISTORY) {
                    history.remove(history.size() - 1);
                }
            }
            Snapshot top = history.get(0);
            boolean install = top.getVersion() == 1;
            String reason = install ? "InstallSucceeded" : "UpgradeSucceeded";
            String msg = "Helm " + (install ? "install" : "upgrade") + " succeeded for release " + top.getNamespace() + "/"
                    + top.getName() + ".v" + top.getVersion() + " with chart " + top.getChartName() + "@"
                    + top.getChartVersion();
            s.setHistory(history);
            s.setLastReleaseRevision(top.getVersion());
            s.setFailures(0L);
            s.setInstallFailures(0L);
            s.setUpgradeFailures(0L);
            conditions.add(Conditions.of(Conditions.READY, Conditions.TRUE, reason, msg, generation));
            conditions.add(Conditions.of("Released", Conditions.TRUE, reason, msg, generation));
        }
        s.setConditions(conditions);
        return s;
    }

    /** Flux's release name: {@code spec.releaseName}, else {@code <targetNamespace>-<name>}, else the name. */
    static String releaseName(HelmRelease hr) {
        String rn = hr.getSpec() == null ? null : hr.getSpec().getReleaseName();
        if (rn != null && !rn.isBlank()) {
            return rn;
        }
        String target = hr.getSpec() == null ? null : hr.getSpec().getTargetNamespace();
        return target != null && !target.isBlank() ? target + "-" + hr.getMetadata().getName() : hr.getMetadata().getName();
    }

    static String releaseNamespace(HelmRelease hr) {
        String target = hr.getSpec() == null ? null : hr.getSpec().getTargetNamespace();
        return target != null && !target.isBlank() ? target : hr.getMetadata().getNamespace();
    }

    /** Where Flux puts the HelmChart of a release: the namespace of its chart source. */
    static String chartNamespace(HelmRelease hr) {
        HelmChartTemplateSpec t = hr.getSpec() == null || hr.getSpec().getChart() == null
                ? null
                : hr.getSpec().getChart().getSpec();
        String ns = t == null || t.getSourceRef() == null ? null : t.getSourceRef().getNamespace();
        return ns == null || ns.isBlank() ? hr.getMetadata().getNamespace() : ns;
    }

    /** Flux's HelmChart name for a release: {@code <namespace>-<name>}. */
    static String chartName(HelmRelease hr) {
        return hr.getMetadata().getNamespace() + "-" + hr.getMetadata().getName();
    }

    private HelmChart ensureChart(HelmRelease hr, HelmChartTemplateSpec template, String ns, String name) {
        HelmChartSpec spec = new HelmChartSpec();
        spec.setChart(template.getChart());
        spec.setVersion(template.getVersion() == null ? "*" : template.getVersion());
        // the default the real schema applies: without it every comparison with the stored chart differs
        spec.setReconcileStrategy(template.getReconcileStrategy() == null ? "ChartVersion" : template.getReconcileStrategy());
        CrossNamespaceSourceReference src = template.getSourceRef();
        spec.setSourceRef(new CrossNamespaceSourceReference(src == null || src.getKind() == null
                ? "HelmRepository"
                : src.getKind(), src == null ? null : src.getName(), null));
        spec.setInterval(template.getInterval() != null ? template.getInterval() : hr.getSpec().getInterval());

        HelmChart existing = caches.helmCharts().get(ns, name).orElse(null);
        if (existing == null) {
            HelmChart probe = new HelmChart();
            probe.getMetadata().setNamespace(ns);
            probe.getMetadata().setName(name);
            existing = cluster.fetch(probe);
        }
        if (existing == null) {
            HelmChart chart = new HelmChart();
            chart.getMetadata().setNamespace(ns);
            chart.getMetadata().setName(name);
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put(FluxStandIn.HELM_NAME_LABEL, hr.getMetadata().getName());
            labels.put(FluxStandIn.HELM_NAMESPACE_LABEL, hr.getMetadata().getNamespace());
            chart.getMetadata().setLabels(labels);
            chart.getMetadata().setAnnotations(new HashMap<>(Map.of(FluxStandIn.CREATED_BY_ANNOTATION,
                    FluxStandIn.CREATED_BY)));
            if (ns.equals(hr.getMetadata().getNamespace()) && hr.getMetadata().getUid() != null) {
                // garbage collection removes the chart with its release even when the stand-in is not running
                chart.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder()
                        .withApiVersion(FluxConfigConstants.HELM_API_VERSION).withKind("HelmRelease")
                        .withName(hr.getMetadata().getName()).withUid(hr.getMetadata().getUid()).build()));
            }
            chart.setSpec(spec);
            return cluster.create(chart, "chart of HelmRelease " + hr.getMetadata().getNamespace() + "/"
                    + hr.getMetadata().getName());
        }
        if (!cluster.sameJson(existing.getSpec(), spec)) {
            return cluster.mergePatch(existing, Map.of("spec", spec), "chart of HelmRelease "
                    + hr.getMetadata().getNamespace() + "/" + hr.getMetadata().getName() + " changed");
        }
        return existing;
    }

    private Outcome write(HelmRelease hr, HelmReleaseStatus desired, List<Condition> conditions, String summary) {
        HelmReleaseStatus current = hr.getStatus();
        desired.setLastHandledReconcileAt(FluxStandIn.handledReconcileAt(hr, current));
        desired.setConditions(Conditions.carryTransitionTimes(current == null ? null : current.getConditions(),
                new ArrayList<>(conditions), clock.instant()));
        cluster.writeStatus(hr, desired, summary);
        return Outcome.DONE;
    }

    private HelmReleaseStatus startFrom(HelmRelease hr) {
        return hr.getStatus() == null ? new HelmReleaseStatus() : cluster.serialization.clone(hr.getStatus());
    }

    /** A release snapshot with every field helm-controller writes (its schema requires the digests and times). */
    private static Snapshot snapshot(long version, String chart, String chartVersion, String name, String ns,
            String deployed) {
        Snapshot s = new Snapshot();
        s.setVersion(version);
        s.setChartName(chart);
        s.setChartVersion(chartVersion);
        s.setAppVersion(chartVersion);
        s.setStatus("deployed");
        s.setName(name);
        s.setNamespace(ns);
        String release = ns + "/" + name + ".v" + version + "@" + chart + ":" + chartVersion;
        s.setDigest(Revisions.artifactDigest("release:" + release));
        s.setConfigDigest(Revisions.artifactDigest("values:" + release));
        s.setFirstDeployed(deployed);
        s.setLastDeployed(deployed);
        return s;
    }

    private static Snapshot copy(Snapshot o) {
        Snapshot s = snapshot(o.getVersion() == null ? 0 : o.getVersion(), o.getChartName(), o.getChartVersion(),
                o.getName(), o.getNamespace(), o.getFirstDeployed());
        s.setStatus(o.getStatus());
        s.setAppVersion(o.getAppVersion());
        s.setDigest(o.getDigest());
        s.setConfigDigest(o.getConfigDigest());
        s.setLastDeployed(o.getLastDeployed());
        return s;
    }
}
