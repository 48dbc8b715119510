package dev.fluxconfig.model.flux.kustomize;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One inventory entry: id {@code <namespace>_<name>_<group>_<kind>} and the API version. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ResourceRef {

    @JsonPropertyDescription("Object id: <namespace>_<name>_<group>_<kind>.")
    private String id;

    @JsonPropertyDescription("API version of the object.")
    private String v;

    public ResourceRef() {
    }

    public ResourceRef(String id, String v) {
        this.id = id;
        this.v = v;
    }

    /** The inventory id of an object. */
    public static String idOf(String namespace, String name, String group, String kind) {
        return (namespace == null ? "" : namespace) + "_" + name + "_" + (group == null ? "" : group) + "_" + kind;
    }

    @JsonIgnore
    private String[] parts() {
        String[] p = id == null ? new String[0] : id.split("_", -1);
        return p.length == 4 ? p : null;
    }

    @JsonIgnore
    public String namespace() {
        String[] p = parts();
        return p == null ? null : p[0];
    }

    @JsonIgnore
    public String name() {
        String[] p = parts();
        return p == null ? null : p[1];
    }

    @JsonIgnore
    public String group() {
        String[] p = parts();
        return p == null ? null : p[2];
    }

    @JsonIgnore
    public String kind() {
        String[] p = parts();
        return p == null ? null : p[3];
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getV() {
        return v;
    }

    public void setV(String v) {
        this.v = v;
    }

}
