package dev.fluxconfig.model.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Nullable;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

import dev.fluxconfig.model.validation.InputLimits;

/** Which layer of an OCI artifact to use and how. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LayerSelector {

    @JsonPropertyDescription("Media type of the layer.")
    @Size(max = InputLimits.MAX_TEXT)
    @Nullable
    private String mediaType;

    @JsonPropertyDescription("extract (default) or copy.")
    @Pattern("^(extract|copy)$")
    @Nullable
    private String operation;

    public String getMediaType() {
        return mediaType;
    }

    public void setMediaType(String mediaType) {
        this.mediaType = mediaType;
    }

    public String getOperation() {
        return operation;
    }

    public void setOperation(String operation) {
        this.operation = operation;
    }

}
