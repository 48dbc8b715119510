package dev.fluxconfig.model.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Nullable;
import io.fabric8.generator.annotation.Size;

import dev.fluxconfig.model.validation.InputLimits;

/** Managed identity for an Azure Blob source. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ManagedIdentityDefinition {

    @JsonPropertyDescription("Client id of the managed identity.")
    @Size(max = InputLimits.MAX_TEXT)
    @Nullable
    private String clientId;

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

}
