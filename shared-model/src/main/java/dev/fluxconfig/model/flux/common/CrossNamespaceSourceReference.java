package dev.fluxconfig.model.flux.common;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Reference to a source object by kind. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class CrossNamespaceSourceReference {

    @JsonPropertyDescription("API version of the source.")
    private String apiVersion;

    @JsonPropertyDescription("Kind of the source: GitRepository, Bucket, OCIRepository, HelmRepository ...")
    private String kind;

    @JsonPropertyDescription("Name of the source.")
    private String name;

    @JsonPropertyDescription("Namespace of the source; the referrer's when empty.")
    private String namespace;

    public CrossNamespaceSourceReference() {
    }

    public CrossNamespaceSourceReference(String kind, String name, String namespace) {
        this.kind = kind;
        this.name = name;
        this.namespace = namespace;
    }

    public String getApiVersion() {
        return apiVersion;
    }

    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
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

}
