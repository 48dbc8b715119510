package dev.fluxconfig.controller;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The shared-model classes the controller reads and writes as JSON (FluxConfig with its spec and status, the Flux kinds it
 * generates and watches), registered for reflection so that Jackson finds their fields and accessors in the native
 * image. The JVM app does not need it; {@code NativeReflectionTest} fails when a class of these packages is missing.
 */
@RegisterForReflection(targets = {
        dev.fluxconfig.model.v1alpha1.FluxConfig.class,
        dev.fluxconfig.model.v1alpha1.FluxConfigSpec.class,
        dev.fluxconfig.model.v1alpha1.FluxConfigStatus.class,
        dev.fluxconfig.model.v1alpha1.spec.AzureBlobDefinition.class,
        dev.fluxconfig.model.v1alpha1.spec.BucketDefinition.class,
        dev.fluxconfig.model.v1alpha1.spec.GitRepositoryDefinition.class,
        dev.fluxconfig.model.v1alpha1.spec.KustomizationDefinition.class,
        dev.fluxconfig.model.v1alpha1.spec.LayerSelector.class,
        dev.fluxconfig.model.v1alpha1.spec.ManagedIdentityDefinition.class,
        dev.fluxconfig.model.v1alpha1.spec.OciRepositoryDefinition.class,
        dev.fluxconfig.model.v1alpha1.spec.OciRepositoryRef.class,
        dev.fluxconfig.model.v1alpha1.spec.PostBuildDefinition.class,
        dev.fluxconfig.model.v1alpha1.spec.RepositoryRef.class,
        dev.fluxconfig.model.v1alpha1.spec.ScopeType.class,
        dev.fluxconfig.model.v1alpha1.spec.SecretRef.class,
        dev.fluxconfig.model.v1alpha1.spec.ServicePrincipalDefinition.class,
        dev.fluxconfig.model.v1alpha1.spec.SourceKind.class,
        dev.fluxconfig.model.v1alpha1.spec.SubstituteFromDefinition.class,
        dev.fluxconfig.model.v1alpha1.status.ComplianceState.class,
        dev.fluxconfig.model.v1alpha1.status.HelmReleaseProperties.class,
        dev.fluxconfig.model.v1alpha1.status.ObjectReference.class,
        dev.fluxconfig.model.v1alpha1.status.ObjectStatusCondition.class,
        dev.fluxconfig.model.v1alpha1.status.ObjectStatusDefinition.class,
        dev.fluxconfig.model.v1alpha1.status.ProvisioningState.class,
        dev.fluxconfig.model.v1alpha1.status.StatusAggregator.class,
        dev.fluxconfig.model.flux.common.Artifact.class,
        dev.fluxconfig.model.flux.common.CrossNamespaceSourceReference.class,
        dev.fluxconfig.model.flux.common.FluxStatus.class,
        dev.fluxconfig.model.flux.common.LocalObjectReference.class,
        dev.fluxconfig.model.flux.common.NamespacedObjectReference.class,
        dev.fluxconfig.model.flux.common.SourceStatus.class,
        dev.fluxconfig.model.flux.source.Bucket.class,
        dev.fluxconfig.model.flux.source.BucketSpec.class,
        dev.fluxconfig.model.flux.source.GitRepository.class,
        dev.fluxconfig.model.flux.source.GitRepositoryRef.class,
        dev.fluxconfig.model.flux.source.GitRepositorySpec.class,
        dev.fluxconfig.model.flux.source.HelmChart.class,
        dev.fluxconfig.model.flux.source.HelmChartSpec.class,
        dev.fluxconfig.model.flux.source.HelmRepository.class,
        dev.fluxconfig.model.flux.source.HelmRepositorySpec.class,
        dev.fluxconfig.model.flux.source.OCILayerSelector.class,
        dev.fluxconfig.model.flux.source.OCIRepository.class,
        dev.fluxconfig.model.flux.source.OCIRepositoryRef.class,
        dev.fluxconfig.model.flux.source.OCIRepositorySpec.class,
        dev.fluxconfig.model.flux.kustomize.Kustomization.class,
        dev.fluxconfig.model.flux.kustomize.KustomizationSpec.class,
        dev.fluxconfig.model.flux.kustomize.KustomizationStatus.class,
        dev.fluxconfig.model.flux.kustomize.KustomizationSnapshot.class,
        dev.fluxconfig.model.flux.kustomize.KustomizePatch.class,
        dev.fluxconfig.model.flux.kustomize.PatchSelector.class,
        dev.fluxconfig.model.flux.kustomize.PostBuild.class,
        dev.fluxconfig.model.flux.kustomize.ResourceInventory.class,
        dev.fluxconfig.model.flux.kustomize.ResourceRef.class,
        dev.fluxconfig.model.flux.kustomize.SubstituteReference.class,
        dev.fluxconfig.model.flux.helm.HelmChartTemplate.class,
        dev.fluxconfig.model.flux.helm.HelmChartTemplateSpec.class,
        dev.fluxconfig.model.flux.helm.HelmRelease.class,
        dev.fluxconfig.model.flux.helm.HelmReleaseSpec.class,
        dev.fluxconfig.model.flux.helm.HelmReleaseStatus.class,
        dev.fluxconfig.model.flux.helm.Snapshot.class})
final class NativeReflection {

    private NativeReflection() {
    }
}
