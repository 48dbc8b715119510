package dev.fluxconfig.model.flux.kustomize;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import dev.fluxconfig.model.flux.common.FluxStatus;

/** Status of a Flux Kustomization. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class KustomizationStatus extends FluxStatus {

    @JsonPropertyDescription("Revision last applied.")
    private String lastAppliedRevision;

    @JsonPropertyDescription("Revision last attempted.")
    private String lastAttemptedRevision;

    @JsonPropertyDescription("Objects applied.")
    private ResourceInventory inventory;

    @JsonPropertyDescription("The last reconciliations of each applied revision, newest first.")
    private List<KustomizationSnapshot> history;

    public String getLastAppliedRevision() {
        return lastAppliedRevision;
    }

    public void setLastAppliedRevision(String lastAppliedRevision) {
        this.lastAppliedRevision = lastAppliedRevision;
    }

    public String getLastAttemptedRevision() {
        return lastAttemptedRevision;
    }

    public void setLastAttemptedRevision(String lastAttemptedRevision) {
        this.lastAttemptedRevision = lastAttemptedRevision;
    }

    public ResourceInventory getInventory() {
        return inventory;
    }

    public void setInventory(ResourceInventory inventory) {
        this.inventory = inventory;
    }

    public List<KustomizationSnapshot> getHistory() {
        return history;
    }

    public void setHistory(List<KustomizationSnapshot> history) {
        this.history = history;
    }

}
