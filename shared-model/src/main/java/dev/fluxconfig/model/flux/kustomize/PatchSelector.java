package dev.fluxconfig.model.flux.kustomize;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Selects the objects a patch applies to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class PatchSelector {

    @JsonPropertyDescription("API group.")
    private String group;

    @JsonPropertyDescription("API version.")
    private String version;

    @JsonPropertyDescription("Kind.")
    private String kind;

    @JsonPropertyDescription("Name.")
    private String name;

    @JsonPropertyDescription("Namespace.")
    private String namespace;

    @JsonPropertyDescription("Annotation selector.")
    private String annotationSelector;

    @JsonPropertyDescription("Label selector.")
    private String labelSelector;

    public String getGroup() {
        return group;
    }

    public void setGroup(String group) {
        this.group = group;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
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

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public String getAnnotationSelector() {
        return annotationSelector;
    }

    public void setAnnotationSelector(String annotationSelector) {
        this.annotationSelector = annotationSelector;
    }

    public String getLabelSelector() {
        return labelSelector;
    }

    public void setLabelSelector(String labelSelector) {
        this.labelSelector = labelSelector;
    }

}
