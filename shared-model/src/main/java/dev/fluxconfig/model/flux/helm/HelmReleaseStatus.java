package dev.fluxconfig.model.flux.helm;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import dev.fluxconfig.model.flux.common.FluxStatus;

/** Status of a Flux HelmRelease. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class HelmReleaseStatus extends FluxStatus {

    @JsonPropertyDescription("The HelmChart object, <namespace>/<name>.")
    private String helmChart;

    @JsonPropertyDescription("Release history, newest first.")
    private List<Snapshot> history;

    @JsonPropertyDescription("Revision of the last applied release (deprecated upstream, still read).")
    private Long lastReleaseRevision;

    @JsonPropertyDescription("Chart version last attempted.")
    private String lastAttemptedRevision;

    @JsonPropertyDescription("Failures since the last success.")
    private Long failures;

    @JsonPropertyDescription("Install failures since the last success.")
    private Long installFailures;

    @JsonPropertyDescription("Upgrade failures since the last success.")
    private Long upgradeFailures;

    public String getHelmChart() {
        return helmChart;
    }

    public void setHelmChart(String helmChart) {
        this.helmChart = helmChart;
    }

    public List<Snapshot> getHistory() {
        return history;
    }

    public void setHistory(List<Snapshot> history) {
        this.history = history;
    }

    public Long getLastReleaseRevision() {
        return lastReleaseRevision;
    }

    public void setLastReleaseRevision(Long lastReleaseRevision) {
        this.lastReleaseRevision = lastReleaseRevision;
    }

    public String getLastAttemptedRevision() {
        return lastAttemptedRevision;
    }

    public void setLastAttemptedRevision(String lastAttemptedRevision) {
        this.lastAttemptedRevision = lastAttemptedRevision;
    }

    public Long getFailures() {
        return failures;
    }

    public void setFailures(Long failures) {
        this.failures = failures;
    }

    public Long getInstallFailures() {
        return installFailures;
    }

    public void setInstallFailures(Long installFailures) {
        this.installFailures = installFailures;
    }

    public Long getUpgradeFailures() {
        return upgradeFailures;
    }

    public void setUpgradeFailures(Long upgradeFailures) {
        this.upgradeFailures = upgradeFailures;
    }

}
