package dev.fluxconfig.model.v1alpha1;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.kubernetes.api.model.Condition;

import dev.fluxconfig.model.v1alpha1.status.ComplianceState;
import dev.fluxconfig.model.v1alpha1.status.ObjectStatusDefinition;
import dev.fluxconfig.model.v1alpha1.status.ProvisioningState;

/** Observed state of a configuration: the roll-up of its Flux objects, in the ARM shape the agent reports. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FluxConfigStatus {

    @JsonPropertyDescription("Worst compliance state of the configuration's objects: Compliant, Non-Compliant, Pending, Suspended or Unknown.")
    private ComplianceState complianceState;

    @JsonPropertyDescription("Provisioning state: Succeeded, Failed, Creating, Updating or Deleting.")
    private ProvisioningState provisioningState;

    @JsonPropertyDescription("Compliance of each object: the source, the Kustomizations and the HelmReleases they applied.")
    private List<ObjectStatusDefinition> statuses = new ArrayList<>();

    @JsonPropertyDescription("Why the configuration failed, naming the field or the cause.")
    private String errorMessage;

    @JsonPropertyDescription("Public key of the SSH key pair generated for, or provided to, the configuration.")
    private String repositoryPublicKey;

    @JsonPropertyDescription("Revision of the source artifact, branch and/or SHA.")
    private String sourceSyncedCommitId;

    @JsonPropertyDescription("When the source artifact last changed (RFC 3339).")
    private String sourceUpdatedAt;

    @JsonPropertyDescription("When this status last changed (RFC 3339).")
    private String statusUpdatedAt;

    @JsonPropertyDescription("URL of the source, whatever its kind.")
    private String url;

    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("Kubernetes-style conditions; Ready tells whether the configuration is provisioned and compliant.")
    private List<Condition> conditions = new ArrayList<>();

    public ComplianceState getComplianceState() {
        return complianceState;
    }

    public void setComplianceState(ComplianceState complianceState) {
        this.complianceState = complianceState;
    }

    public ProvisioningState getProvisioningState() {
        return provisioningState;
    }

    public void setProvisioningState(ProvisioningState provisioningState) {
        this.provisioningState = provisioningState;
    }

    public List<ObjectStatusDefinition> getStatuses() {
        return statuses;
    }

    public void setStatuses(List<ObjectStatusDefinition> statuses) {
        this.statuses = statuses;
    }

    public String getErrorMessage() {
        return errorMessage;
    }

    public void setErrorMessage(String errorMessage) {
        this.errorMessage = errorMessage;
    }

    public String getRepositoryPublicKey() {
        return repositoryPublicKey;
    }

    public void setRepositoryPublicKey(String repositoryPublicKey) {
        this.repositoryPublicKey = repositoryPublicKey;
    }

    public String getSourceSyncedCommitId() {
        return sourceSyncedCommitId;
    }

    public void setSourceSyncedCommitId(String sourceSyncedCommitId) {
        this.sourceSyncedCommitId = sourceSyncedCommitId;
    }

    public String getSourceUpdatedAt() {
        return sourceUpdatedAt;
    }

    public void setSourceUpdatedAt(String sourceUpdatedAt) {
        this.sourceUpdatedAt = sourceUpdatedAt;
    }

    public String getStatusUpdatedAt() {
        return statusUpdatedAt;
    }

    public void setStatusUpdatedAt(String statusUpdatedAt) {
        this.statusUpdatedAt = statusUpdatedAt;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

}
