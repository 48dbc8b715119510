package dev.fluxconfig.model.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Provisioning state of a configuration, as ARM reports it. */
public enum ProvisioningState {
    @JsonProperty("Succeeded")
    SUCCEEDED("Succeeded"), @JsonProperty("Failed")
    FAILED("Failed"), @JsonProperty("Canceled")
    CANCELED("Canceled"), @JsonProperty("Creating")
    CREATING("Creating"), @JsonProperty("Updating")
    UPDATING("Updating"), @JsonProperty("Deleting")
    DELETING("Deleting");

    private final String value;

    ProvisioningState(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
