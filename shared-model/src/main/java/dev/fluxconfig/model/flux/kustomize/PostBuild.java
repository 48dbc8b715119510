package dev.fluxconfig.model.flux.kustomize;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Post-build substitution of a Flux Kustomization. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class PostBuild {

    @JsonPropertyDescription("Variables, name to value.")
    private Map<String, String> substitute;

    @JsonPropertyDescription("ConfigMaps and Secrets with variables.")
    private List<SubstituteReference> substituteFrom;

    public Map<String, String> getSubstitute() {
        return substitute;
    }

    public void setSubstitute(Map<String, String> substitute) {
        this.substitute = substitute;
    }

    public List<SubstituteReference> getSubstituteFrom() {
        return substituteFrom;
    }

    public void setSubstituteFrom(List<SubstituteReference> substituteFrom) {
        this.substituteFrom = substituteFrom;
    }

}
