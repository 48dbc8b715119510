package dev.fluxconfig.sandbox.fluxstandin;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;

import dev.fluxconfig.model.flux.common.SourceStatus;
import dev.fluxconfig.model.flux.helm.HelmRelease;
import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.source.HelmChart;

/** The informer caches of every kind the stand-in plays. */
final class Caches {

    private final Map<FluxKind, KindCache<? extends HasMetadata>> byKind = new EnumMap<>(FluxKind.class);

    <T extends HasMetadata> void put(KindCache<T> cache) {
        byKind.put(cache.kind, cache);
    }

    Collection<KindCache<? extends HasMetadata>> all() {
        return byKind.values();
    }

    KindCache<? extends HasMetadata> of(FluxKind kind) {
        return byKind.get(kind);
    }

    Optional<? extends HasMetadata> get(ObjectKey key) {
        KindCache<? extends HasMetadata> cache = byKind.get(key.kind());
        return cache == null ? Optional.empty() : cache.get(key.namespace(), key.name());
    }

    @SuppressWarnings("unchecked")
    KindCache<CustomResource<?, SourceStatus>> source(FluxKind kind) {
        return (KindCache<CustomResource<?, SourceStatus>>) byKind.get(kind);
    }

    @SuppressWarnings("unchecked")
    KindCache<Kustomization> kustomizations() {
        return (KindCache<Kustomization>) byKind.get(FluxKind.KUSTOMIZATION);
    }

    @SuppressWarnings("unchecked")
    KindCache<HelmRelease> helmReleases() {
        return (KindCache<HelmRelease>) byKind.get(FluxKind.HELM_RELEASE);
    }

    @SuppressWarnings("unchecked")
    KindCache<HelmChart> helmCharts() {
        return (KindCache<HelmChart>) byKind.get(FluxKind.HELM_CHART);
    }
}
