package dev.fluxconfig.sandbox.fluxstandin;

import java.util.Arrays;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.HasMetadata;

import dev.fluxconfig.model.FluxConfigConstants;
import dev.fluxconfig.model.flux.helm.HelmRelease;
import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.source.Bucket;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.flux.source.HelmChart;
import dev.fluxconfig.model.flux.source.HelmRepository;
import dev.fluxconfig.model.flux.source.OCIRepository;

/** The Flux kinds the stand-in plays a controller for. */
enum FluxKind {

    GIT_REPOSITORY("GitRepository", GitRepository.class, FluxConfigConstants.SOURCE_GROUP), BUCKET("Bucket", Bucket.class,
            FluxConfigConstants.SOURCE_GROUP), OCI_REPOSITORY("OCIRepository", OCIRepository.class,
                    FluxConfigConstants.SOURCE_GROUP), HELM_REPOSITORY("HelmRepository", HelmRepository.class,
                            FluxConfigConstants.SOURCE_GROUP), HELM_CHART("HelmChart", HelmChart.class,
                                    FluxConfigConstants.SOURCE_GROUP), KUSTOMIZATION("Kustomization", Kustomization.class,
                                            FluxConfigConstants.KUSTOMIZE_GROUP), HELM_RELEASE("HelmRelease", HelmRelease.class,
                                                    FluxConfigConstants.HELM_GROUP);

    final String kind;
    final Class<? extends HasMetadata> type;
    final String group;

    FluxKind(String kind, Class<? extends HasMetadata> type, String group) {
        this.kind = kind;
        this.type = type;
        this.group = group;
    }

    /** Sources a Kustomization can take its artifact from. */
    boolean isKustomizationSource() {
        return this == GIT_REPOSITORY || this == BUCKET || this == OCI_REPOSITORY;
    }

    boolean isSource() {
        return group.equals(FluxConfigConstants.SOURCE_GROUP);
    }

    static Optional<FluxKind> ofKind(String kind) {
        return Arrays.stream(values()).filter(k -> k.kind.equals(kind)).findFirst();
    }
}
