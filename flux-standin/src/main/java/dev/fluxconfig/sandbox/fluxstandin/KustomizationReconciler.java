package dev.fluxconfig.sandbox.fluxstandin;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;

import dev.fluxconfig.model.flux.common.CrossNamespaceSourceReference;
import dev.fluxconfig.model.flux.common.NamespacedObjectReference;
import dev.fluxconfig.model.flux.common.SourceStatus;
import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.kustomize.KustomizationSnapshot;
import dev.fluxconfig.model.flux.kustomize.KustomizationSpec;
import dev.fluxconfig.model.flux.kustomize.KustomizationStatus;
import dev.fluxconfig.model.flux.kustomize.ResourceInventory;
import dev.fluxconfig.model.flux.kustomize.ResourceRef;
import dev.fluxconfig.model.flux.source.GitRepository;

/**
 * Plays kustomize-controller: a Kustomization is applied once its source is Ready and every Kustomization it depends on is
 * Ready; "applying" creates the objects {@link Inventories} plans (labelled with the Kustomization, as Flux does) and
 * records them in the inventory. With {@code prune: true} it holds the finalizer {@value FluxStandIn#FINALIZER} and, on
 * deletion, deletes the objects it owns before letting the Kustomization go.
 */
final class KustomizationReconciler {

    private final Cluster cluster;
    private final Caches caches;
    private final FailureRules failures;
    private final Clock clock;
    private final boolean useFinalizer;
    private final StandInLog log;

    KustomizationReconciler(Cluster cluster, Caches caches, FailureRules failures, Clock clock, boolean useFinalizer,
            StandInLog log) {
        this.cluster = cluster;
        this.caches = caches;
        this.failures = failures;
        this.clock = clock;
        this.useFinalizer = useFinalizer;
        this.log = log;
    }

    Outcome reconcile(Kustomization ks) {
        if (ks.getMetadata().getDeletionTimestamp() != null) {
            return finalizeDeletion(ks);
        }
        if (FluxStandIn.isSuspended(ks)) {
            log.debug(Cluster.describe(ks) + " is suspended: left alone");
            return Outcome.DONE;
        }
        KustomizationSpec spec = ks.getSpec();
        if (useFinalizer && Boolean.TRUE.equals(spec.getPrune()) && !hasFinalizer(ks)) {
            List<String> finalizers = finalizersOf(ks);
            finalizers.add(FluxStandIn.FINALIZER);
            ks = cluster.setFinalizers(ks, finalizers, "finalizer for pruning");
        }
        String ns = ks.getMetadata().getNamespace();
        Long generation = ks.getMetadata().getGeneration();

        CrossNamespaceSourceReference ref = spec.getSourceRef();
        Optional<FluxKind> sourceKind = ref == null
                ? Optional.empty()
                : FluxKind.ofKind(ref.getKind()).filter(FluxKind::isKustomizationSource);
        if (sourceKind.isEmpty()) {
            String msg = "source kind '" + (ref == null ? null : ref.getKind()) + "' is not supported by the flux stand-in";
            return notReady(ks, "ArtifactFailed", msg);
        }
        String sourceNs = blank(ref.getNamespace()) ? ns : ref.getNamespace();
        String sourceId = ref.getKind() + " '" + sourceNs + "/" + ref.getName() + "'";
        Optional<CustomResource<?, SourceStatus>> source = lookup(caches.source(sourceKind.get()), sourceKind.get(),
                sourceNs, ref.getName());
        if (source.isEmpty()) {
            return notReady(ks, "ArtifactFailed", "Source " + sourceId + " not found");
        }
        SourceStatus sourceStatus = source.get().getStatus();
        List<Condition> sourceConditions = sourceStatus == null ? null : sourceStatus.getConditions();
        if (Conditions.find(sourceConditions, Conditions.READY).isEmpty()) {
            // not reconciled yet: its status event brings this Kustomization back
            return Outcome.DONE;
        }
        if (!Conditions.isTrue(sourceConditions, Conditions.READY) || sourceStatus.getArtifact() == null) {
            return notReady(ks, "ArtifactFailed", "Source artifact not found: " + sourceId + " is not ready");
        }
        String revision = sourceStatus.getArtifact().getRevision();

        if (spec.getDependsOn() != null) {
            for (NamespacedObjectReference dep : spec.getDependsOn()) {
                String depNs = blank(dep.getNamespace()) ? ns : dep.getNamespace();
                if (!isReady(depNs, dep.getName())) {
                    return notReady(ks, "DependencyNotReady", "dependency '" + depNs + "/" + dep.getName() + "' is not ready");
                }
            }
        }

        KustomizationStatus desired = startFrom(ks);
        desired.setObservedGeneration(generation);
        desired.setLastAttemptedRevision(revision);
        Optional<FailureRules.Failure> failure = failures.byAnnotation(FluxKind.KUSTOMIZATION, ks);
        if (failure.isPresent()) {
            return write(ks, desired, failed(failure.get().reason(), failure.get().message(), generation),
                    "Ready=False " + failure.get().reason());
        }

        String url = source.get() instanceof GitRepository g && g.getSpec() != null ? g.getSpec().getUrl() : null;
        List<Inventories.Planned> plan = Inventories.plan(ref.getKind(), url, spec.getPath(), ks.getMetadata().getName(), ns,
                spec.getTargetNamespace());
        try {
            apply(ks, plan);
            if (Boolean.TRUE.equals(spec.getPrune())) {
                pruneStale(ks, plan);
            }
        } catch (KubernetesClientException e) {
            String msg = "apply failed: " + e.getMessage();
            write(ks, desired, failed("ReconciliationFailed", msg, generation), "Ready=False ReconciliationFailed");
            return Outcome.RETRY;
        }
        ResourceInventory inventory = new ResourceInventory();
        inventory.setEntries(new ArrayList<>(Inventories.entries(plan)));
        desired.setInventory(inventory);
        desired.setLastAppliedRevision(revision);
        desired.setHistory(history(desired.getHistory(), inventory, clock.instant()));
        String msg = "Applied revision: " + revision;
        List<Condition> ready = List.of(
                Conditions.of(Conditions.READY, Conditions.TRUE, "ReconciliationSucceeded", msg, generation));
        return write(ks, desired, ready, "Ready=True \"" + msg + "\", " + plan.size() + " inventory entries");
    }

    /**
     * kustomize-controller's {@code status.history}: one entry per applied set of objects (by digest), newest first, at
     * most five. Unlike Flux, a reconciliation of the same set does not rewrite the entry (the stand-in reconciles on
     * events, not on a timer, and a status write per event would only add noise).
     */
    static List<KustomizationSnapshot> history(List<KustomizationSnapshot> current, ResourceInventory inventory,
            java.time.Instant now) {
        String digest = Revisions.artifactDigest("inventory:" + inventory.getEntries().stream().map(ResourceRef::getId)
                .sorted().collect(Collectors.joining(",")));
        List<KustomizationSnapshot> history = new ArrayList<>(current == null ? List.of() : current);
        if (!history.isEmpty() && digest.equals(history.get(0).getDigest())) {
            return history;
        }
        history.removeIf(h -> digest.equals(h.getDigest()));
        KustomizationSnapshot entry = new KustomizationSnapshot();
        String at = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        entry.setDigest(digest);
        entry.setFirstReconciled(at);
        entry.setLastReconciled(at);
        entry.setLastReconciledDuration("1s");
        entry.setLastReconciledStatus("ReconciliationSucceeded");
        entry.setTotalReconciliations(1L);
        history.add(0, entry);
        while (history.size() > 5) {
            history.remove(history.size() - 1);
        }
        return history;
    }

    private Outcome notReady(Kustomization ks, String reason, String message) {
        KustomizationStatus desired = startFrom(ks);
        List<Condition> c = List.of(Conditions.of(Conditions.READY, Conditions.FALSE, reason, message,
                ks.getMetadata().getGeneration()));
        return write(ks, desired, c, "Ready=False " + reason + " \"" + message + "\"");
    }

    private static List<Condition> failed(String reason, String message, Long generation) {
        return List.of(Conditions.of(Conditions.READY, Conditions.FALSE, reason, message, generation));
    }

    private Outcome write(Kustomization ks, KustomizationStatus desired, List<Condition> conditions, String summary) {
        KustomizationStatus current = ks.getStatus();
        desired.setLastHandledReconcileAt(FluxStandIn.handledReconcileAt(ks, current));
        desired.setConditions(Conditions.carryTransitionTimes(current == null ? null : current.getConditions(),
                new ArrayList<>(conditions), clock.instant()));
        cluster.writeStatus(ks, desired, summary);
        return Outcome.DONE;
    }

    private KustomizationStatus startFrom(Kustomization ks) {
        return ks.getStatus() == null ? new KustomizationStatus() : cluster.serialization.clone(ks.getStatus());
    }

    private boolean isReady(String ns, String name) {
        Optional<Kustomization> dep = lookup(caches.kustomizations(), FluxKind.KUSTOMIZATION, ns, name);
        if (dep.isEmpty() || dep.get().getStatus() == null) {
            return false;
        }
        KustomizationStatus s = dep.get().getStatus();
        return Conditions.isTrue(s.getConditions(), Conditions.READY)
                && Objects.equals(s.getObservedGeneration(), dep.get().getMetadata().getGeneration());
    }

    /** From the cache when its namespace is watched, otherwise from the API server. */
    private <T extends HasMetadata> Optional<T> lookup(KindCache<T> cache, FluxKind kind, String ns, String name) {
        if (cache.covers(ns)) {
            return cache.get(ns, name);
        }
        try {
            @SuppressWarnings("unchecked")
            T probe = (T) kind.type.getDeclaredConstructor().newInstance();
            probe.getMetadata().setNamespace(ns);
            probe.getMetadata().setName(name);
            return Optional.ofNullable(cluster.fetch(probe));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a " + kind.kind, e);
        }
    }

    private void apply(Kustomization ks, List<Inventories.Planned> plan) {
        Map<String, String> owner = ownerLabels(ks);
        String why = "applied by Kustomization " + ks.getMetadata().getNamespace() + "/" + ks.getMetadata().getName();
        for (Inventories.Planned p : plan) {
            if (!p.create()) {
                continue;
            }
            HasMetadata desired = cluster.serialization.clone(p.object());
            Map<String, String> labels = new LinkedHashMap<>(
                    desired.getMetadata().getLabels() == null ? Map.of() : desired.getMetadata().getLabels());
            labels.putAll(owner);
            desired.getMetadata().setLabels(labels);
            Map<String, String> annotations = new HashMap<>(
                    desired.getMetadata().getAnnotations() == null ? Map.of() : desired.getMetadata().getAnnotations());
            annotations.put(FluxStandIn.CREATED_BY_ANNOTATION, FluxStandIn.CREATED_BY);
            desired.getMetadata().setAnnotations(annotations);
            HasMetadata existing = cluster.fetch(desired);
            if (existing == null) {
                cluster.create(desired, why);
            } else if (existing.getMetadata().getLabels() == null
                    || !existing.getMetadata().getLabels().containsKey(FluxStandIn.KUSTOMIZE_NAME_LABEL)) {
                cluster.addLabels(existing, owner, why + ", adopted");
            }
        }
    }

    /** Deletes what an earlier inventory held and the new plan does not (a changed path), as Flux's garbage collection. */
    private void pruneStale(Kustomization ks, List<Inventories.Planned> plan) {
        if (ks.getStatus() == null || ks.getStatus().getInventory() == null) {
            return;
        }
        Set<String> keep = plan.stream().map(Inventories.Planned::id).collect(Collectors.toSet());
        for (ResourceRef old : ks.getStatus().getInventory().getEntries()) {
            if (!keep.contains(old.getId())) {
                cluster.deleteIfOwned(old, ownerLabels(ks), "garbage-collected by Kustomization "
                        + ks.getMetadata().getNamespace() + "/" + ks.getMetadata().getName());
            }
        }
    }

    private Outcome finalizeDeletion(Kustomization ks) {
        if (!hasFinalizer(ks)) {
            return Outcome.DONE;
        }
        boolean prune = Boolean.TRUE.equals(ks.getSpec().getPrune()) && !FluxStandIn.isSuspended(ks);
        if (prune && ks.getStatus() != null && ks.getStatus().getInventory() != null) {
            try {
                for (ResourceRef entry : ks.getStatus().getInventory().getEntries()) {
                    cluster.deleteIfOwned(entry, ownerLabels(ks), "pruned: Kustomization "
                            + ks.getMetadata().getNamespace() + "/" + ks.getMetadata().getName() + " is being deleted");
                }
            } catch (KubernetesClientException e) {
                log.warn("pruning for " + Cluster.describe(ks) + " failed: " + e.getMessage() + "; retrying");
                return Outcome.RETRY;
            }
        }
        List<String> rest = finalizersOf(ks);
        rest.remove(FluxStandIn.FINALIZER);
        cluster.setFinalizers(ks, rest, prune ? "pruned, finalizer removed" : "finalizer removed without pruning");
        return Outcome.DONE;
    }

    static Map<String, String> ownerLabels(Kustomization ks) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(FluxStandIn.KUSTOMIZE_NAME_LABEL, ks.getMetadata().getName());
        labels.put(FluxStandIn.KUSTOMIZE_NAMESPACE_LABEL, ks.getMetadata().getNamespace());
        return labels;
    }

    private static boolean hasFinalizer(Kustomization ks) {
        return finalizersOf(ks).contains(FluxStandIn.FINALIZER);
    }

    private static List<String> finalizersOf(Kustomization ks) {
        List<String> f = ks.getMetadata().getFinalizers();
        return f == null ? new ArrayList<>() : new ArrayList<>(f);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
