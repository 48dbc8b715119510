package dev.fluxconfig.model.flux.helm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Spec of a Flux HelmRelease. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class HelmReleaseSpec {

    @JsonPropertyDescription("Chart template.")
    private HelmChartTemplate chart;

    @JsonPropertyDescription("Reconcile interval (Go duration).")
    private String interval;

    @JsonPropertyDescription("Release name.")
    private String releaseName;

    @JsonPropertyDescription("Namespace to install into.")
    private String targetNamespace;

    @JsonPropertyDescription("Stop reconciling.")
    private Boolean suspend;

    public HelmChartTemplate getChart() {
        return chart;
    }

    public void setChart(HelmChartTemplate chart) {
        this.chart = chart;
    }

    public String getInterval() {
        return interval;
    }

    public void setInterval(String interval) {
        this.interval = interval;
    }

    public String getReleaseName() {
        return releaseName;
    }

    public void setReleaseName(String releaseName) {
        this.releaseName = releaseName;
    }

    public String getTargetNamespace() {
        return targetNamespace;
    }

    public void setTargetNamespace(String targetNamespace) {
        this.targetNamespace = targetNamespace;
    }

    public Boolean getSuspend() {
        return suspend;
    }

    public void setSuspend(Boolean suspend) {
        this.suspend = suspend;
    }

}
