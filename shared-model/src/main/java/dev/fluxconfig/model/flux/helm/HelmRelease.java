package dev.fluxconfig.model.flux.helm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

import dev.fluxconfig.model.FluxConfigConstants;

/** Flux HelmRelease (helm.toolkit.fluxcd.io/v2), read from Kustomization inventories for the roll-up. */
@Group(FluxConfigConstants.HELM_GROUP)
@Version(FluxConfigConstants.HELM_VERSION)
@JsonIgnoreProperties(ignoreUnknown = true)
public class HelmRelease extends CustomResource<HelmReleaseSpec, HelmReleaseStatus> implements Namespaced {
}
