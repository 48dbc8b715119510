package dev.fluxconfig.model.flux.source;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import dev.fluxconfig.model.flux.common.CrossNamespaceSourceReference;

/** Spec of a Flux HelmChart. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class HelmChartSpec {

    @JsonPropertyDescription("Chart name or path.")
    private String chart;

    @JsonPropertyDescription("Chart version range.")
    private String version;

    @JsonPropertyDescription("Source of the chart.")
    private CrossNamespaceSourceReference sourceRef;

    @JsonPropertyDescription("Fetch interval (Go duration).")
    private String interval;

    @JsonPropertyDescription("Stop reconciling.")
    private Boolean suspend;

    @JsonPropertyDescription("When a new chart artifact is made: ChartVersion or Revision (Flux defaults it to ChartVersion).")
    private String reconcileStrategy;

    public String getChart() {
        return chart;
    }

    public void setChart(String chart) {
        this.chart = chart;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public CrossNamespaceSourceReference getSourceRef() {
        return sourceRef;
    }

    public void setSourceRef(CrossNamespaceSourceReference sourceRef) {
        this.sourceRef = sourceRef;
    }

    public String getInterval() {
        return interval;
    }

    public void setInterval(String interval) {
        this.interval = interval;
    }

    public Boolean getSuspend() {
        return suspend;
    }

    public void setSuspend(Boolean suspend) {
        this.suspend = suspend;
    }

    public String getReconcileStrategy() {
        return reconcileStrategy;
    }

    public void setReconcileStrategy(String reconcileStrategy) {
        this.reconcileStrategy = reconcileStrategy;
    }

}
