package dev.fluxconfig.model.v1alpha1.spec;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Size;

import dev.fluxconfig.model.validation.InputLimits;

/** Variable substitution applied after kustomize build. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PostBuildDefinition {

    @JsonPropertyDescription("Variables to substitute, name to value.")
    @Size(max = InputLimits.MAX_SUBSTITUTE)
    private Map<String, String> substitute;

    @JsonPropertyDescription("ConfigMaps and Secrets to take variables from.")
    @Size(max = InputLimits.MAX_SUBSTITUTE_FROM)
    private List<SubstituteFromDefinition> substituteFrom;

    public Map<String, String> getSubstitute() {
        return substitute;
    }

    public void setSubstitute(Map<String, String> substitute) {
        this.substitute = substitute;
    }

    public List<SubstituteFromDefinition> getSubstituteFrom() {
        return substituteFrom;
    }

    public void setSubstituteFrom(List<SubstituteFromDefinition> substituteFrom) {
        this.substituteFrom = substituteFrom;
    }

}
