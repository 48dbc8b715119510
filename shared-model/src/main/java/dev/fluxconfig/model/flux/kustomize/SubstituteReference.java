package dev.fluxconfig.model.flux.kustomize;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A ConfigMap or Secret feeding post-build substitution. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class SubstituteReference {

    @JsonPropertyDescription("ConfigMap or Secret.")
    private String kind;

    @JsonPropertyDescription("Name of the object.")
    private String name;

    @JsonPropertyDescription("Go on when the object does not exist.")
    private Boolean optional;

    public SubstituteReference() {
    }

    public SubstituteReference(String kind, String name, Boolean optional) {
        this.kind = kind;
        this.name = name;
        this.optional = optional;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Boolean getOptional() {
        return optional;
    }

    public void setOptional(Boolean optional) {
        this.optional = optional;
    }

}
