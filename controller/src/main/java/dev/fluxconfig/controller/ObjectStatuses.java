package dev.fluxconfig.controller;

import static dev.fluxconfig.model.FluxConfigConstants.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;

import dev.fluxconfig.controller.desired.SourceDesired;
import dev.fluxconfig.model.compliance.ComplianceRollup;
import dev.fluxconfig.model.flux.common.FluxStatus;
import dev.fluxconfig.model.flux.common.SourceStatus;
import dev.fluxconfig.model.flux.helm.HelmRelease;
import dev.fluxconfig.model.flux.helm.HelmReleaseStatus;
import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.kustomize.ResourceRef;
import dev.fluxconfig.model.flux.source.HelmChart;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.status.ComplianceState;
import dev.fluxconfig.model.v1alpha1.status.HelmReleaseProperties;
import dev.fluxconfig.model.v1alpha1.status.ObjectReference;
import dev.fluxconfig.model.v1alpha1.status.ObjectStatusCondition;
import dev.fluxconfig.model.v1alpha1.status.ObjectStatusDefinition;
import dev.fluxconfig.model.v1alpha1.status.StatusAggregator;

/**
 * Per-object statuses in the ARM shape, from the Flux objects' own conditions in the caches: the source, the
 * Kustomizations and what their inventories list. {@link StatusAggregator} rolls them up into the configuration's status.
 */
public final class ObjectStatuses {

    private final ChildCaches caches;

    ObjectStatuses(ChildCaches caches) {
        this.caches = caches;
    }

    /** Fills the statuses of one valid configuration's objects, its source revision and its compliance. */
    void fill(FluxConfig config, StatusAggregator status) {
        String name = config.getMetadata().getName();
        String ns = config.getMetadata().getNamespace();
        List<ObjectStatusDefinition> statuses = new ArrayList<>();
        String sourceKind = SourceDesired.fluxKind(config.getSpec().getSourceKind());
        HasMetadata source = caches.get(SourceDesired.fluxClass(config.getSpec().getSourceKind()), ns, sourceName(name))
                .orElse(null);
        SourceStatus sourceStatus = ChildKind.sourceStatus(source);
        statuses.add(objectStatus(sourceKind, sourceName(name), ns, source, sourceStatus, config.getSpec().getSuspend(),
                null));
        if (sourceStatus != null && sourceStatus.getArtifact() != null) {
            status.status().setSourceSyncedCommitId(sourceStatus.getArtifact().getRevision());
            status.status().setSourceUpdatedAt(sourceStatus.getArtifact().getLastUpdateTime());
        }
        List<ObjectStatusDefinition> applied = new ArrayList<>();
        for (var def : config.getSpec().getKustomizations()) {
            String kName = kustomizationName(name, def.getName());
            Kustomization k = caches.get(Kustomization.class, ns, kName).orElse(null);
            statuses.add(objectStatus("Kustomization", kName, ns, k, k == null ? null : k.getStatus(),
                    k == null ? null : k.getSpec().getSuspend(), null));
            if (k != null) {
                applied.addAll(inventoryStatuses(k, caches));
            }
        }
        statuses.addAll(applied);
        status.rollUp(statuses, Boolean.TRUE.equals(config.getSpec().getSuspend()));
    }

    /** Status of one Flux object; {@code actual} null means it does not exist (yet). */
    public static ObjectStatusDefinition objectStatus(String kind, String name, String namespace, HasMetadata actual,
            FluxStatus status, Boolean suspended, ObjectReference appliedBy) {
        ObjectStatusDefinition s = new ObjectStatusDefinition();
        s.setKind(kind);
        s.setName(name);
        s.setNamespace(namespace);
        s.setAppliedBy(appliedBy);
        List<Condition> conditions = status == null ? List.of() : status.getConditions();
        s.setStatusConditions(copy(conditions));
        if (actual == null) {
            s.setComplianceState(ComplianceState.PENDING);
        } else {
            s.setComplianceState(ComplianceRollup.objectState(conditions, Boolean.TRUE.equals(suspended),
                    actual.getMetadata().getGeneration(), status == null ? null : status.getObservedGeneration()));
        }
        return s;
    }

    static List<ObjectStatusCondition> copy(List<Condition> conditions) {
        List<ObjectStatusCondition> out = new ArrayList<>();
        if (conditions == null) {
            return out;
        }
        for (Condition c : conditions) {
            ObjectStatusCondition o = new ObjectStatusCondition();
            o.setType(c.getType());
            o.setStatus(c.getStatus());
            o.setReason(c.getReason());
            o.setMessage(c.getMessage());
            o.setLastTransitionTime(c.getLastTransitionTime());
            out.add(o);
        }
        return out;
    }

    /** The HelmReleases (and their HelmCharts) a Kustomization's inventory lists. */
    public static List<ObjectStatusDefinition> inventoryStatuses(Kustomization k, ChildCaches caches) {
        List<ObjectStatusDefinition> out = new ArrayList<>();
        if (k.getStatus() == null || k.getStatus().getInventory() == null) {
            return out;
        }
        ObjectReference appliedBy = new ObjectReference(k.getMetadata().getName(), k.getMetadata().getNamespace());
        for (ResourceRef ref : k.getStatus().getInventory().getEntries()) {
            if (!"HelmRelease".equals(ref.kind()) || !"helm.toolkit.fluxcd.io".equals(ref.group())) {
                continue;
            }
            HelmRelease hr = caches.helmRelease(ref.namespace(), ref.name()).orElse(null);
            HelmReleaseStatus hs = hr == null ? null : hr.getStatus();
            ObjectStatusDefinition s = objectStatus("HelmRelease", ref.name(), ref.namespace(), hr, hs,
                    hr == null ? null : hr.getSpec().getSuspend(), appliedBy);
            if (hs != null) {
                s.setHelmReleaseProperties(helmReleaseProperties(hs));
            }
            out.add(s);
            String chart = hs == null ? null : hs.getHelmChart();
            if (chart != null && chart.contains("/")) {
                String chartNs = chart.substring(0, chart.indexOf('/'));
                String chartName = chart.substring(chart.indexOf('/') + 1);
                HelmChart hc = caches.helmChart(chartNs, chartName).orElse(null);
                SourceStatus cs = hc == null ? null : hc.getStatus();
                out.add(objectStatus("HelmChart", chartName, chartNs, hc, cs, hc == null ? null : hc.getSpec().getSuspend(),
                        appliedBy));
            }
        }
        return out;
    }

    static HelmReleaseProperties helmReleaseProperties(HelmReleaseStatus hs) {
        HelmReleaseProperties p = new HelmReleaseProperties();
        Long revision = hs.getHistory() != null && !hs.getHistory().isEmpty()
                ? hs.getHistory().get(0).getVersion()
                : hs.getLastReleaseRevision();
        p.setLastRevisionApplied(revision);
        if (hs.getHelmChart() != null && hs.getHelmChart().contains("/")) {
            String[] parts = hs.getHelmChart().split("/", 2);
            p.setHelmChartRef(new ObjectReference(parts[1], parts[0]));
        }
        p.setFailureCount(Objects.requireNonNullElse(hs.getFailures(), 0L));
        p.setInstallFailureCount(Objects.requireNonNullElse(hs.getInstallFailures(), 0L));
        p.setUpgradeFailureCount(Objects.requireNonNullElse(hs.getUpgradeFailures(), 0L));
        return p;
    }
}
