package dev.fluxconfig.model.flux.kustomize;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

import dev.fluxconfig.model.FluxConfigConstants;

/** Flux Kustomization (kustomize.toolkit.fluxcd.io/v1), the fields this project writes and reads. */
@Group(FluxConfigConstants.KUSTOMIZE_GROUP)
@Version(FluxConfigConstants.KUSTOMIZE_VERSION)
@JsonIgnoreProperties(ignoreUnknown = true)
public class Kustomization extends CustomResource<KustomizationSpec, KustomizationStatus> implements Namespaced {
}
