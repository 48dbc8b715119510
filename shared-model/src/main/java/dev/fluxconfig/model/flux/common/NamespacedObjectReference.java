package dev.fluxconfig.model.flux.common;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Reference to a Flux object, optionally in another namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class NamespacedObjectReference {

    @JsonPropertyDescription("Name of the object.")
    private String name;

    @JsonPropertyDescription("Namespace of the object; the referrer's when empty.")
    private String namespace;

    public NamespacedObjectReference() {
    }

    public NamespacedObjectReference(String name, String namespace) {
        this.name = name;
        this.namespace = namespace;
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
