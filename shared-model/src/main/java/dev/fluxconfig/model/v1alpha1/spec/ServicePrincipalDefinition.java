package dev.fluxconfig.model.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Nullable;
import io.fabric8.generator.annotation.Size;

import dev.fluxconfig.model.validation.InputLimits;

/** Service principal for an Azure Blob source; its secret or certificate travel as protected settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServicePrincipalDefinition {

    @JsonPropertyDescription("Client id of the service principal.")
    @Size(max = InputLimits.MAX_TEXT)
    @Nullable
    private String clientId;

    @JsonPropertyDescription("Tenant id of the service principal.")
    @Size(max = InputLimits.MAX_TEXT)
    @Nullable
    private String tenantId;

    @JsonPropertyDescription("Send the certificate chain when authenticating with a certificate.")
    private Boolean clientCertificateSendChain;

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getTenantId() {
        return tenantId;
    }

    public void setTenantId(String tenantId) {
        this.tenantId = tenantId;
    }

    public Boolean getClientCertificateSendChain() {
        return clientCertificateSendChain;
    }

    public void setClientCertificateSendChain(Boolean clientCertificateSendChain) {
        this.clientCertificateSendChain = clientCertificateSendChain;
    }

}
