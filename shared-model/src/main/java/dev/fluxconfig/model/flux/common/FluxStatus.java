package dev.fluxconfig.model.flux.common;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.kubernetes.api.model.Condition;

/** Status fields every Flux object has. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class FluxStatus {

    @JsonPropertyDescription("Last generation reconciled.")
    private Long observedGeneration;

    @JsonPropertyDescription("Conditions: Ready, Reconciling, Stalled ...")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("Value of the last handled reconcile.fluxcd.io/requestedAt annotation.")
    private String lastHandledReconcileAt;

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public String getLastHandledReconcileAt() {
        return lastHandledReconcileAt;
    }

    public void setLastHandledReconcileAt(String lastHandledReconcileAt) {
        this.lastHandledReconcileAt = lastHandledReconcileAt;
    }

}
