package dev.fluxconfig.model.flux.kustomize;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A patch applied to the objects a Kustomization builds. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class KustomizePatch {

    @JsonPropertyDescription("Strategic merge or JSON6902 patch, as YAML or JSON.")
    private String patch;

    @JsonPropertyDescription("Objects the patch applies to.")
    private PatchSelector target;

    public KustomizePatch() {
    }

    public KustomizePatch(String patch, PatchSelector target) {
        this.patch = patch;
        this.target = target;
    }

    public String getPatch() {
        return patch;
    }

    public void setPatch(String patch) {
        this.patch = patch;
    }

    public PatchSelector getTarget() {
        return target;
    }

    public void setTarget(PatchSelector target) {
        this.target = target;
    }

}
