package dev.fluxconfig.model.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Managed identity for an Azure Blob source. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ManagedIdentityDefinition {

    @JsonPropertyDescription("Client id of the managed identity.")
    private String clientId;

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

}
