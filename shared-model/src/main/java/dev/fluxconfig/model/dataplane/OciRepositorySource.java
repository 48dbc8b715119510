package dev.fluxconfig.model.dataplane;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.fluxconfig.model.v1alpha1.spec.LayerSelector;
import dev.fluxconfig.model.v1alpha1.spec.OciRepositoryRef;

/** ARM OCIRepositoryDefinition on the wire; everything in {@code tlsConfig} is secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OciRepositorySource(String url, Long timeoutInSeconds, Long syncIntervalInSeconds,
        OciRepositoryRef repositoryRef, LayerSelector layerSelector, Boolean insecure, Boolean useWorkloadIdentity,
        String serviceAccountName, TlsConfig tlsConfig, String localAuthRef) {
}
