package dev.fluxconfig.model.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What a HelmRelease reports about its release (ARM HelmReleasePropertiesDefinition). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HelmReleaseProperties {

    @JsonPropertyDescription("Revision of the last applied release.")
    private Long lastRevisionApplied;

    @JsonPropertyDescription("The HelmChart object the release uses.")
    private ObjectReference helmChartRef;

    @JsonPropertyDescription("Failures since the last success.")
    private Long failureCount;

    @JsonPropertyDescription("Install failures since the last success.")
    private Long installFailureCount;

    @JsonPropertyDescription("Upgrade failures since the last success.")
    private Long upgradeFailureCount;

    public Long getLastRevisionApplied() {
        return lastRevisionApplied;
    }

    public void setLastRevisionApplied(Long lastRevisionApplied) {
        this.lastRevisionApplied = lastRevisionApplied;
    }

    public ObjectReference getHelmChartRef() {
        return helmChartRef;
    }

    public void setHelmChartRef(ObjectReference helmChartRef) {
        this.helmChartRef = helmChartRef;
    }

    public Long getFailureCount() {
        return failureCount;
    }

    public void setFailureCount(Long failureCount) {
        this.failureCount = failureCount;
    }

    public Long getInstallFailureCount() {
        return installFailureCount;
    }

    public void setInstallFailureCount(Long installFailureCount) {
        this.installFailureCount = installFailureCount;
    }

    public Long getUpgradeFailureCount() {
        return upgradeFailureCount;
    }

    public void setUpgradeFailureCount(Long upgradeFailureCount) {
        this.upgradeFailureCount = upgradeFailureCount;
    }

}
