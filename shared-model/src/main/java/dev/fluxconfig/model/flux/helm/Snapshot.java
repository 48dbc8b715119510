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

}
