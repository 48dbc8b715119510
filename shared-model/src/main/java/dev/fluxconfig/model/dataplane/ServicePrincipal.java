package dev.fluxconfig.model.dataplane;

import com.fasterxml.jackson.annotation.JsonInclude;

/** ARM ServicePrincipalDefinition on the wire; secret, certificate and its password are secrets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServicePrincipal(String clientId, String tenantId, String clientSecret, String clientCertificate,
        String clientCertificatePassword, Boolean clientCertificateSendChain) {
}
