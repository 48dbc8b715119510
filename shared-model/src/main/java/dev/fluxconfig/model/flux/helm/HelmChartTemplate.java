package dev.fluxconfig.model.flux.helm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The chart template of a HelmRelease. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class HelmChartTemplate {

    @JsonPropertyDescription("Chart template spec.")
    private HelmChartTemplateSpec spec;

    public HelmChartTemplateSpec getSpec() {
        return spec;
    }

    public void setSpec(HelmChartTemplateSpec spec) {
        this.spec = spec;
    }

}
