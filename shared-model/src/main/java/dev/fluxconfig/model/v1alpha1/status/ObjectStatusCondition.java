package dev.fluxconfig.model.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A copy of one Kubernetes condition of a Flux object (ARM ObjectStatusConditionDefinition). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ObjectStatusCondition {

    @JsonPropertyDescription("When the condition last changed (RFC 3339).")
    private String lastTransitionTime;

    @JsonPropertyDescription("Human-readable message.")
    private String message;

    @JsonPropertyDescription("Machine-readable reason.")
    private String reason;

    @JsonPropertyDescription("True, False or Unknown.")
    private String status;

    @JsonPropertyDescription("Condition type, e.g. Ready.")
    private String type;

    public String getLastTransitionTime() {
        return lastTransitionTime;
    }

    public void setLastTransitionTime(String lastTransitionTime) {
        this.lastTransitionTime = lastTransitionTime;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

}
