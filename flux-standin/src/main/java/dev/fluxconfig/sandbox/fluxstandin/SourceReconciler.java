package dev.fluxconfig.sandbox.fluxstandin;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;

import dev.fluxconfig.model.flux.common.Artifact;
import dev.fluxconfig.model.flux.common.SourceStatus;
import dev.fluxconfig.model.flux.helm.HelmRelease;
import dev.fluxconfig.model.flux.source.Bucket;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.flux.source.HelmChart;
import dev.fluxconfig.model.flux.source.HelmRepository;
import dev.fluxconfig.model.flux.source.OCIRepository;

/**
 * Plays source-controller: GitRepository, Bucket, OCIRepository, HelmRepository and HelmChart get an artifact with a fake
 * revision and Ready=True, or Ready=False when a failure is requested (the previous artifact is kept, as Flux does).
 */
final class SourceReconciler {

    static final String STORAGE = "http://source-controller.flux-system.svc.cluster.local./";

    private final Cluster cluster;
    private final Caches caches;
    private final FailureRules failures;
    private final Clock clock;

    SourceReconciler(Cluster cluster, Caches caches, FailureRules failures, Clock clock) {
        this.cluster = cluster;
        this.caches = caches;
        this.failures = failures;
        this.clock = clock;
    }

    /** What a source is: where it comes from and the revision it would have. */
    record Location(String url, String revision, String path, String successReason, String successMessage) {
    }

    /**
     * Reconciles one source. Returns it as it is afterwards (status written when it changed), or empty when it is
     * suspended, being deleted, or was deleted as an orphaned HelmChart.
     */
    Optional<CustomResource<?, SourceStatus>> reconcile(FluxKind kind, CustomResource<?, SourceStatus> source) {
        if (source.getMetadata().getDeletionTimestamp() != null) {
            return Optional.empty();
        }
        if (FluxStandIn.isSuspended(source)) {
            return Optional.empty();
        }
        if (kind == FluxKind.HELM_CHART && isOrphan((HelmChart) source)) {
            cluster.delete(source, "its HelmRelease is gone");
            return Optional.empty();
        }
        Location loc = locate(kind, source);
        SourceStatus current = source.getStatus();
        Optional<FailureRules.Failure> failure = failures.byAnnotation(kind, source)
                .or(() -> kind == FluxKind.HELM_CHART ? Optional.empty() : failures.byUrl(kind, loc.url()));
        Long generation = source.getMetadata().getGeneration();

        SourceStatus desired = new SourceStatus();
        desired.setObservedGeneration(generation);
        desired.setLastHandledReconcileAt(FluxStandIn.handledReconcileAt(source, current));
        List<Condition> conditions = new ArrayList<>();
        String summary;
        if (failure.isPresent()) {
            FailureRules.Failure f = failure.get();
            Artifact kept = current == null ? null : current.getArtifact();
            desired.setArtifact(kept);
            desired.setUrl(current == null ? null : current.getUrl());
            conditions.add(Conditions.of(Conditions.READY, Conditions.FALSE, f.reason(), f.message(), generation));
            conditions.add(Conditions.of("FetchFailed", Conditions.TRUE, f.reason(), f.message(), generation));
            if (kept != null) {
                conditions.add(Conditions.of("ArtifactInStorage", Conditions.TRUE, "Succeeded",
                        "stored artifact for revision '" + kept.getRevision() + "'", generation));
            }
            summary = "Ready=False " + f.reason() + " \"" + f.message() + "\"";
        } else {
            Artifact previous = current == null ? null : current.getArtifact();
            desired.setArtifact(artifact(kind, source, loc, previous));
            desired.setUrl(STORAGE + kindPath(kind) + "/" + source.getMetadata().getNamespace() + "/"
                    + source.getMetadata().getName() + "/" + latestFile(kind));
            conditions.add(Conditions.of(Conditions.READY, Conditions.TRUE, loc.successReason(), loc.successMessage(),
                    generation));
            conditions.add(Conditions.of("ArtifactInStorage", Conditions.TRUE, loc.successReason(), loc.successMessage(),
                    generation));
            summary = "Ready=True revision " + loc.revision();
        }
        desired.setConditions(Conditions.carryTransitionTimes(current == null ? null : current.getConditions(), conditions,
                clock.instant()));
        return Optional.of(cluster.writeStatus(source, desired, summary));
    }

    private Artifact artifact(FluxKind kind, CustomResource<?, SourceStatus> source, Location loc, Artifact previous) {
        Artifact a = new Artifact();
        a.setRevision(loc.revision());
        a.setDigest(Revisions.artifactDigest(loc.revision()));
        a.setPath(loc.path());
        a.setUrl(STORAGE + loc.path());
        a.setSize(Revisions.artifactSize(loc.revision()));
        if (kind == FluxKind.OCI_REPOSITORY) {
            // source-controller copies the OCI annotations of the pulled artifact
            a.setMetadata(Map.of("org.opencontainers.image.revision", loc.revision(), "org.opencontainers.image.source",
                    loc.url() == null ? "" : loc.url()));
        }
        boolean same = previous != null && loc.revision().equals(previous.getRevision())
                && previous.getLastUpdateTime() != null;
        a.setLastUpdateTime(same
                ? previous.getLastUpdateTime()
                : clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        return a;
    }

    /** The location and revision of a source, by kind. */
    static Location locate(FluxKind kind, CustomResource<?, SourceStatus> source) {
        String dir = kindPath(kind) + "/" + source.getMetadata().getNamespace() + "/" + source.getMetadata().getName() + "/";
        switch (kind) {
            case GIT_REPOSITORY -> {
                GitRepository g = (GitRepository) source;
                String url = g.getSpec() == null ? null : g.getSpec().getUrl();
                String rev = Revisions.gitRevision(url, g.getSpec() == null ? null : g.getSpec().getRef());
                return stored(url, rev, dir + Revisions.checksum(rev) + ".tar.gz");
            }
            case BUCKET -> {
                Bucket b = (Bucket) source;
                String endpoint = b.getSpec() == null ? null : b.getSpec().getEndpoint();
                String bucket = b.getSpec() == null ? null : b.getSpec().getBucketName();
                String rev = Revisions.bucketRevision(endpoint, bucket);
                return stored(endpoint + "/" + bucket, rev, dir + Revisions.checksum(rev) + ".tar.gz");
            }
            case OCI_REPOSITORY -> {
                OCIRepository o = (OCIRepository) source;
                String url = o.getSpec() == null ? null : o.getSpec().getUrl();
                String rev = Revisions.ociRevision(url, o.getSpec() == null ? null : o.getSpec().getRef());
                return stored(url, rev, dir + Revisions.checksum(rev) + ".tar.gz");
            }
            case HELM_REPOSITORY -> {
                HelmRepository h = (HelmRepository) source;
                String url = h.getSpec() == null ? null : h.getSpec().getUrl();
                String rev = Revisions.helmRepositoryRevision(url);
                return new Location(url, rev, dir + "index-" + Revisions.checksum(rev) + ".yaml", "Succeeded",
                        "stored artifact: revision '" + rev + "'");
            }
            case HELM_CHART -> {
                HelmChart c = (HelmChart) source;
                String chart = c.getSpec() == null ? null : c.getSpec().getChart();
                String version = Revisions.chartVersion(c.getSpec() == null ? null : c.getSpec().getVersion());
                return new Location(null, version, dir + chart + "-" + version + ".tgz", "ChartPullSucceeded",
                        "pulled '" + chart + "' chart with version '" + version + "'");
            }
            default -> throw new IllegalArgumentException(kind + " is not a source");
        }
    }

    private static Location stored(String url, String revision, String path) {
        return new Location(url, revision, path, "Succeeded", "stored artifact for revision '" + revision + "'");
    }

    private static String kindPath(FluxKind kind) {
        return kind.kind.toLowerCase(Locale.ROOT);
    }

    private static String latestFile(FluxKind kind) {
        return switch (kind) {
            case HELM_REPOSITORY -> "index.yaml";
            case HELM_CHART -> "latest.tgz";
            default -> "latest.tar.gz";
        };
    }

    /** A HelmChart the stand-in made for a HelmRelease that no longer exists. */
    private boolean isOrphan(HelmChart chart) {
        Map<String, String> labels = chart.getMetadata().getLabels();
        if (labels == null || !labels.containsKey(FluxStandIn.HELM_NAME_LABEL)) {
            return false;
        }
        String name = labels.get(FluxStandIn.HELM_NAME_LABEL);
        String ns = labels.getOrDefault(FluxStandIn.HELM_NAMESPACE_LABEL, chart.getMetadata().getNamespace());
        if (caches.helmReleases().get(ns, name).isPresent()) {
            return false;
        }
        HelmRelease probe = new HelmRelease();
        probe.getMetadata().setName(name);
        probe.getMetadata().setNamespace(ns);
        return cluster.fetch(probe) == null;
    }
}
