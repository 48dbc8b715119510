package dev.fluxconfig.model.flux.common;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Status of a Flux source: the common fields plus the artifact. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class SourceStatus extends FluxStatus {

    @JsonPropertyDescription("The last artifact produced.")
    private Artifact artifact;

    @JsonPropertyDescription("URL of the artifact's download endpoint.")
    private String url;

    public Artifact getArtifact() {
        return artifact;
    }

    public void setArtifact(Artifact artifact) {
        this.artifact = artifact;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

}
