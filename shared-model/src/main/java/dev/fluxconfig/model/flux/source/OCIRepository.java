package dev.fluxconfig.model.flux.source;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

import dev.fluxconfig.model.FluxConfigConstants;
import dev.fluxconfig.model.flux.common.SourceStatus;

/** Flux OCIRepository (source.toolkit.fluxcd.io/v1). */
@Group(FluxConfigConstants.SOURCE_GROUP)
@Version(FluxConfigConstants.SOURCE_VERSION)
@JsonIgnoreProperties(ignoreUnknown = true)
public class OCIRepository extends CustomResource<OCIRepositorySpec, SourceStatus> implements Namespaced {
}
