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

/** An OCI artifact source (ARM OCIRepositoryDefinition); TLS material travels as protected settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OciRepositoryDefinition {

    @JsonPropertyDescription("URL of the artifact repository, oci://.")
    @Required
    @Size(max = InputLimits.MAX_URL)
    @Pattern(InputLimits.URL_PATTERN)
    @Nullable
    private String url;

    @JsonPropertyDescription("Timeout of registry operations, in seconds.")
    @Default("600")
    @Min(1)
    @Max(Durations.MAX_SECONDS)
    private Long timeoutInSeconds = 600L;

    @JsonPropertyDescription("Interval at which the artifact is pulled, in seconds.")
    @Default("600")
    @Min(1)
    @Max(Durations.MAX_SECONDS)
    private Long syncIntervalInSeconds = 600L;

    @JsonPropertyDescription("The artifact to pull.")
    private OciRepositoryRef repositoryRef;

    @JsonPropertyDescription("Which layer to use.")
    private LayerSelector layerSelector;

    @JsonPropertyDescription("Allow plain HTTP to the registry.")
    @Default("false")
    private Boolean insecure = Boolean.FALSE;

    @JsonPropertyDescription("Authenticate with workload identity.")
    @Default("false")
    private Boolean useWorkloadIdentity = Boolean.FALSE;

    @JsonPropertyDescription("Service account used to pull, with workload identity.")
    @Size(max = InputLimits.MAX_OBJECT_NAME)
    @Pattern(InputLimits.OBJECT_NAME_PATTERN)
    @Nullable
    private String serviceAccountName;

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

    public OciRepositoryRef getRepositoryRef() {
        return repositoryRef;
    }

    public void setRepositoryRef(OciRepositoryRef repositoryRef) {
        this.repositoryRef = repositoryRef;
    }

    public LayerSelector getLayerSelector() {
        return layerSelector;
    }

    public void setLayerSelector(LayerSelector layerSelector) {
        this.layerSelector = layerSelector;
    }

    public Boolean getInsecure() {
        return insecure;
    }

    public void setInsecure(Boolean insecure) {
        this.insecure = insecure;
    }

    public Boolean getUseWorkloadIdentity() {
        return useWorkloadIdentity;
    }

    public void setUseWorkloadIdentity(Boolean useWorkloadIdentity) {
        this.useWorkloadIdentity = useWorkloadIdentity;
    }

    public String getServiceAccountName() {
        return serviceAccountName;
    }

    public void setServiceAccountName(String serviceAccountName) {
        this.serviceAccountName = serviceAccountName;
    }

    public String getLocalAuthRef() {
        return localAuthRef;
    }

    public void setLocalAuthRef(String localAuthRef) {
        this.localAuthRef = localAuthRef;
    }

}
