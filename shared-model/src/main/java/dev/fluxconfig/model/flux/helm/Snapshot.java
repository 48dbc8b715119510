package dev.fluxconfig.model.flux.helm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One release in a HelmRelease's history. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class Snapshot {

    @JsonPropertyDescription("Release revision.")
    private Long version;

    @JsonPropertyDescription("Chart name.")
    private String chartName;

    @JsonPropertyDescription("Chart version.")
    private String chartVersion;

    @JsonPropertyDescription("Release status, e.g. deployed.")
    private String status;

    @JsonPropertyDescription("Release name.")
    private String name;

    @JsonPropertyDescription("Release namespace.")
    private String namespace;

    @JsonPropertyDescription("Checksum of the release object.")
    private String digest;

    @JsonPropertyDescription("Checksum of the values the release was made with.")
    private String configDigest;

    @JsonPropertyDescription("When the release was first deployed (RFC 3339).")
    private String firstDeployed;

    @JsonPropertyDescription("When the release was last deployed (RFC 3339).")
    private String lastDeployed;

    @JsonPropertyDescription("App version of the chart.")
    private String appVersion;

    public Long getVersion() {
        return version;
    }

    public void setVersion(Long version) {
        this.version = version;
    }

    public String getChartName() {
        return chartName;
    }

    public void setChartName(String chartName) {
        this.chartName = chartName;
    }

    public String getChartVersion() {
        return chartVersion;
    }

    public void setChartVersion(String chartVersion) {
        this.chartVersion = chartVersion;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public String getDigest() {
        return digest;
    }

    public void setDigest(String digest) {
        this.digest = digest;
    }

    public String getConfigDigest() {
        return configDigest;
    }

    public void setConfigDigest(String configDigest) {
        this.configDigest = configDigest;
    }

    public String getFirstDeployed() {
        return firstDeployed;
    }

    public void setFirstDeployed(String firstDeployed) {
        this.firstDeployed = firstDeployed;
    }

    public String getLastDeployed() {
        return lastDeployed;
    }

    public void setLastDeployed(String lastDeployed) {
        this.lastDeployed = lastDeployed;
    }

    public String getAppVersion() {
        return appVersion;
    }

    public void setAppVersion(String appVersion) {
        this.appVersion = appVersion;
    }

}
