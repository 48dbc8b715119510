package dev.fluxconfig.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;

/**
 * An informer cache that keeps objects without {@code metadata.managedFields}. The controller never reads them (it writes
 * with server-side apply and compares fields itself), and they are the larger part of a cached object once several
 * managers have written it: with a thousand configurations they alone fill the chart's 64 MiB heap.
 */
public class PrunedItemStore<R extends HasMetadata> extends TransformingItemStore<R> {

    public PrunedItemStore() {
        super(PrunedItemStore::prune);
    }

    static <R extends HasMetadata> R prune(R resource) {
        resource.getMetadata().setManagedFields(null);
        return resource;
    }
}
