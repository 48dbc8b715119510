package dev.fluxconfig.model.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Compliance of an object or a configuration. Declared from best to worst for the roll-up: a configuration takes the
 * worst state of its objects.
 */
public enum ComplianceState {
    @JsonProperty("Compliant")
    COMPLIANT("Compliant"), @JsonProperty("Suspended")
    SUSPENDED("Suspended"), @JsonProperty("Unknown")
    UNKNOWN("Unknown"), @JsonProperty("Pending")
    PENDING("Pending"), @JsonProperty("Non-Compliant")
    NON_COMPLIANT("Non-Compliant");

    private final String value;

    ComplianceState(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** The worse of two states. */
    public ComplianceState worst(ComplianceState other) {
        return other == null || this.ordinal() >= other.ordinal() ? this : other;
    }

    @Override
    public String toString() {
        return value;
    }
}
