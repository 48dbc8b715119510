package dev.fluxconfig.model.flux.kustomize;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One entry of a Kustomization's {@code status.history}: the reconciliations of one applied set of objects. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class KustomizationSnapshot {

    @JsonPropertyDescription("Checksum of the applied objects.")
    private String digest;

    @JsonPropertyDescription("When this set of objects was first reconciled (RFC 3339).")
    private String firstReconciled;

    @JsonPropertyDescription("When it was last reconciled (RFC 3339).")
    private String lastReconciled;

    @JsonPropertyDescription("How long the last reconciliation took (Go duration).")
    private String lastReconciledDuration;

    @JsonPropertyDescription("Reason of the last reconciliation's outcome, e.g. ReconciliationSucceeded.")
    private String lastReconciledStatus;

    @JsonPropertyDescription("How many times it was reconciled.")
    private Long totalReconciliations;

    public String getDigest() {
        return digest;
    }

    public void setDigest(String digest) {
        this.digest = digest;
    }

    public String getFirstReconciled() {
        return firstReconciled;
    }

    public void setFirstReconciled(String firstReconciled) {
        this.firstReconciled = firstReconciled;
    }

    public String getLastReconciled() {
        return lastReconciled;
    }

    public void setLastReconciled(String lastReconciled) {
        this.lastReconciled = lastReconciled;
    }

    public String getLastReconciledDuration() {
        return lastReconciledDuration;
    }

    public void setLastReconciledDuration(String lastReconciledDuration) {
        this.lastReconciledDuration = lastReconciledDuration;
    }

    public String getLastReconciledStatus() {
        return lastReconciledStatus;
    }

    public void setLastReconciledStatus(String lastReconciledStatus) {
        this.lastReconciledStatus = lastReconciledStatus;
    }

    public Long getTotalReconciliations() {
        return totalReconciliations;
    }

    public void setTotalReconciliations(Long totalReconciliations) {
        this.totalReconciliations = totalReconciliations;
    }
}
