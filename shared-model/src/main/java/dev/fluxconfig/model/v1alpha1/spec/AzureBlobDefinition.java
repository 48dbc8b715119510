package dev.fluxconfig.model.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Nullable;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import dev.fluxconfig.model.Durations;
import dev.fluxconfig.model.validation.InputLimits;

/**
 * An Azure Blob container source (ARM AzureBlobDefinition), generated as a Flux Bucket with provider azure. Account key,
 * SAS token and service-principal secrets travel as protected settings, never here.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AzureBlobDefinition {

    @JsonPropertyDescription("Account URL, e.g. https://<account>.blob.core.windows.net.")
    @Required
    @Size(max = InputLimits.MAX_URL)
    @Pattern(InputLimits.URL_PATTERN)
    @Nullable
    private String url;

    @JsonPropertyDescription("Name of the blob container.")
    @Required
    @Pattern("^[a-z0-9][a-z0-9\\-]{1,61}[a-z0-9]$")
    @Nullable
    private String containerName;

    @JsonPropertyDescription("Timeout of blob operations, in seconds.")
    @Default("600")
    @Min(1)
    @Max(Durations.MAX_SECONDS)
    private Long timeoutInSeconds = 600L;

    @JsonPropertyDescription("Interval at which the container is fetched, in seconds.")
    @Default("600")
    @Min(1)
    @Max(Durations.MAX_SECONDS)
    private Long syncIntervalInSeconds = 600L;

    @JsonPropertyDescription("Service principal to authenticate with.")
    private ServicePrincipalDefinition servicePrincipal;

    @JsonPropertyDescription("Managed identity to authenticate with.")
    private ManagedIdentityDefinition managedIdentity;

    @JsonPropertyDescription("Name of a Secret in the configuration namespace that holds the credentials (Flux format).")
    @Size(max = InputLimits.MAX_OBJECT_NAME)
    @Pattern(InputLimits.OBJECT_NAME_PATTERN)
    @Nullable
    private String localAuthRef;

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getContainerName() {
        return containerName;
    }

    public void setContainerName(String containerName) {
        this.containerName = containerName;
    }

    public Long getTimeoutInSeconds() {
        return timeoutInSeconds;
    }

    public void setTimeoutInSeconds(Long timeoutInSeconds) {
        this.timeoutInSeconds = timeoutInSeconds;
    }

    public Long getSyncIntervalInSeconds() {
        return syncIntervalInSeconds;
    }

    public void setSyncIntervalInSeconds(Long syncIntervalInSeconds) {
        this.syncIntervalInSeconds = syncIntervalInSeconds;
    }

    public ServicePrincipalDefinition getServicePrincipal() {
        return servicePrincipal;
    }

    public void setServicePrincipal(ServicePrincipalDefinition servicePrincipal) {
        this.servicePrincipal = servicePrincipal;
    }

    public ManagedIdentityDefinition getManagedIdentity() {
        return managedIdentity;
    }

    public void setManagedIdentity(ManagedIdentityDefinition managedIdentity) {
        this.managedIdentity = managedIdentity;
    }

    public String getLocalAuthRef() {
        return localAuthRef;
    }

    public void setLocalAuthRef(String localAuthRef) {
        this.localAuthRef = localAuthRef;
    }

}
