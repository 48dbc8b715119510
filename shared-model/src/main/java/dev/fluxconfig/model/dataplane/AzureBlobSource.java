package dev.fluxconfig.model.dataplane;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.fluxconfig.model.v1alpha1.spec.ManagedIdentityDefinition;

/** ARM AzureBlobDefinition on the wire; {@code accountKey} and {@code sasToken} are secrets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AzureBlobSource(String url, String containerName, Long timeoutInSeconds, Long syncIntervalInSeconds,
        ServicePrincipal servicePrincipal, String accountKey, String sasToken, ManagedIdentityDefinition managedIdentity,
        String localAuthRef) {
}
