package dev.fluxconfig.controller;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;

import dev.fluxconfig.model.flux.common.Artifact;
import dev.fluxconfig.model.flux.common.FluxStatus;
import dev.fluxconfig.model.flux.common.SourceStatus;
import dev.fluxconfig.model.flux.helm.HelmReleaseStatus;
import dev.fluxconfig.model.flux.kustomize.KustomizationStatus;
import dev.fluxconfig.model.flux.kustomize.ResourceRef;

/**
 * The informer cache of the controller's secondary resources: it keeps only what the controller reads. Besides managed
 * fields ({@link PrunedItemStore}) it drops kubectl's last-applied annotation and the status fields Flux keeps for
 * itself (history, last applied and attempted revisions, artifact URLs and digests, inventory entries other than
 * HelmReleases): a Kustomization's inventory alone lists every object it applied, which can outweigh the rest of the
 * cache. What stays is what {@link ObjectStatuses} and the reconciler's status read: conditions, observed generation,
 * the artifact's revision and update time, the HelmReleases of an inventory, a HelmRelease's latest history entry and
 * failure counts. Spec, data and the rest of the metadata stay whole (the up-to-date check compares them).
 */
public class ReadFieldsItemStore<R extends HasMetadata> extends TransformingItemStore<R> {

    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    public ReadFieldsItemStore() {
        super(ReadFieldsItemStore::prune);
    }

    static <R extends HasMetadata> R prune(R resource) {
        PrunedItemStore.prune(resource);
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        if (annotations != null && annotations.containsKey(LAST_APPLIED)) {
            Map<String, String> kept = new LinkedHashMap<>(annotations);
            kept.remove(LAST_APPLIED);
            resource.getMetadata().setAnnotations(kept);
        }
        if (resource instanceof CustomResource<?, ?> cr && cr.getStatus() instanceof FluxStatus status) {
            pruneStatus(status);
        }
        return resource;
    }

    private static void pruneStatus(FluxStatus status) {
        status.setLastHandledReconcileAt(null);
        if (status instanceof SourceStatus s) {
            s.setUrl(null);
            if (s.getArtifact() != null) {
                Artifact kept = new Artifact();
                kept.setRevision(s.getArtifact().getRevision());
                kept.setLastUpdateTime(s.getArtifact().getLastUpdateTime());
                s.setArtifact(kept);
            }
        } else if (status instanceof KustomizationStatus k) {
            k.setLastAppliedRevision(null);
            k.setLastAttemptedRevision(null);
            k.setHistory(null);
            if (k.getInventory() != null && k.getInventory().getEntries() != null) {
                k.getInventory().setEntries(k.getInventory().getEntries().stream()
                        .filter(ReadFieldsItemStore::isHelmRelease).toList());
            }
        } else if (status instanceof HelmReleaseStatus h) {
            h.setLastAttemptedRevision(null);
            if (h.getHistory() != null && h.getHistory().size() > 1) {
                h.setHistory(List.of(h.getHistory().get(0)));
            }
        }
    }

    /** The inventory entries {@link ObjectStatuses#inventoryStatuses} reads; every other entry is left out. */
    private static boolean isHelmRelease(ResourceRef ref) {
        return "HelmRelease".equals(ref.kind()) && "helm.toolkit.fluxcd.io".equals(ref.group());
    }
}
