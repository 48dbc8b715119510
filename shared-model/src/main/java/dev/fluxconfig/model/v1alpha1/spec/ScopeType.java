package dev.fluxconfig.model.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Scope of the operators a configuration deploys. */
public enum ScopeType {
    @JsonProperty("cluster")
    CLUSTER("cluster"), @JsonProperty("namespace")
    NAMESPACE("namespace");

    private final String value;

    ScopeType(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** The scope for a wire value, or {@code null} when the value is not a scope. */
    public static ScopeType fromValue(String value) {
        for (ScopeType s : values()) {
            if (s.value.equals(value)) {
                return s;
            }
        }
        return null;
    }
}
