package dev.fluxconfig.model.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Name and namespace of an object. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ObjectReference {

    @JsonPropertyDescription("Name of the object.")
    private String name;

    @JsonPropertyDescription("Namespace of the object.")
    private String namespace;

    public ObjectReference() {
    }

    public ObjectReference(String name, String namespace) {
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
