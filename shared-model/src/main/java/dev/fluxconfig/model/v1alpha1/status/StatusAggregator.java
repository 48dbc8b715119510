package dev.fluxconfig.model.v1alpha1.status;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

import dev.fluxconfig.model.compliance.ComplianceRollup;
import dev.fluxconfig.model.v1alpha1.FluxConfigStatus;

/**
 * Builds a FluxConfig's next status from its previous one: the states, the {@code Ready} condition (built here and
 * nowhere else), its {@code lastTransitionTime} carried over while its status stays the same, and the observed
 * generation. Every path uses it, the error and deletion paths too, so a rewrite never renews a transition time.
 */
public final class StatusAggregator {

    public static final String READY = ComplianceRollup.READY;

    private final List<Condition> previousConditions;
    private final FluxConfigStatus next;

    private StatusAggregator(FluxConfigStatus previous, FluxConfigStatus next) {
        // a snapshot: the next status may be a copy sharing nothing, but the previous list must not change under us
        this.previousConditions = previous == null || previous.getConditions() == null
                ? List.of()
                : List.copyOf(previous.getConditions());
        this.next = next;
    }

    /** A status computed afresh for this generation of the spec. */
    public static StatusAggregator fresh(FluxConfigStatus previous, Long generation) {
        FluxConfigStatus next = new FluxConfigStatus();
        next.setObservedGeneration(generation);
        return new StatusAggregator(previous, next);
    }

    /** The previous status, changed only where the caller changes it (the error and deletion paths). */
    public static StatusAggregator keeping(FluxConfigStatus previous) {
        return new StatusAggregator(previous, copy(previous));
    }

    /** The status being built, for the fields the aggregator does not own (url, statuses, source revision, key). */
    public FluxConfigStatus status() {
        return next;
    }

    /** Ready=True. */
    public StatusAggregator ready(String reason, String message) {
        next.setConditions(new ArrayList<>(List.of(condition("True", reason, message))));
        return this;
    }

    /** Ready=False, with the reason a user reads and the message that says why. */
    public StatusAggregator notReady(String reason, String message) {
        next.setConditions(new ArrayList<>(List.of(condition("False", reason, message))));
        return this;
    }

    /** Provisioning failed: the message is the error message and the Ready condition's. */
    public StatusAggregator failed(String reason, String message) {
        next.setProvisioningState(ProvisioningState.FAILED);
        next.setErrorMessage(message);
        return notReady(reason, message);
    }

    /** Deleting, waiting for what the message names. */
    public StatusAggregator deleting(String message) {
        next.setProvisioningState(ProvisioningState.DELETING);
        return notReady("Deleting", message);
    }

    /**
     * Provisioned: the per-object statuses, the configuration's compliance (the worst of its objects', or Suspended), and
     * a Ready condition that names the first object in that state.
     */
    public StatusAggregator rollUp(List<ObjectStatusDefinition> statuses, boolean suspended) {
        next.setStatuses(statuses);
        next.setProvisioningState(ProvisioningState.SUCCEEDED);
        ComplianceState state = suspended
                ? ComplianceState.SUSPENDED
                : ComplianceRollup.configState(statuses.stream().map(ObjectStatusDefinition::getComplianceState).toList());
        next.setComplianceState(state);
        if (state == ComplianceState.COMPLIANT) {
            return ready("Compliant", "every object is ready");
        }
        String why = statuses.stream().filter(s -> s.getComplianceState() == state).findFirst()
                .map(s -> s.getKind() + " " + s.getNamespace() + "/" + s.getName() + ": "
                        + s.getStatusConditions().stream().filter(c -> READY.equals(c.getType()))
                                .map(c -> c.getReason() + " " + c.getMessage()).findFirst().orElse("not reconciled yet"))
                .orElse(state.value());
        return notReady(state.name().charAt(0) + state.name().substring(1).toLowerCase().replace("_c", "C"), why);
    }

    /**
     * The status to write at {@code now}: each condition keeps the previous {@code lastTransitionTime} of its type while
     * its status is the same, and takes {@code now} when it changed or is new.
     */
    public FluxConfigStatus build(Instant now) {
        String at = now.truncatedTo(ChronoUnit.SECONDS).toString();
        for (Condition c : next.getConditions()) {
            String kept = previousConditions.stream()
                    .filter(p -> c.getType().equals(p.getType()) && c.getStatus().equals(p.getStatus()))
                    .map(Condition::getLastTransitionTime).findFirst().orElse(null);
            c.setLastTransitionTime(kept != null ? kept : at);
        }
        return next;
    }

    private static Condition condition(String status, String reason, String message) {
        return new ConditionBuilder().withType(READY).withStatus(status).withReason(reason).withMessage(message).build();
    }

    private static FluxConfigStatus copy(FluxConfigStatus previous) {
        FluxConfigStatus s = new FluxConfigStatus();
        if (previous == null) {
            return s;
        }
        s.setComplianceState(previous.getComplianceState());
        s.setProvisioningState(previous.getProvisioningState());
        s.setStatuses(previous.getStatuses() == null ? new ArrayList<>() : new ArrayList<>(previous.getStatuses()));
        s.setErrorMessage(previous.getErrorMessage());
        s.setRepositoryPublicKey(previous.getRepositoryPublicKey());
        s.setSourceSyncedCommitId(previous.getSourceSyncedCommitId());
        s.setSourceUpdatedAt(previous.getSourceUpdatedAt());
        s.setStatusUpdatedAt(previous.getStatusUpdatedAt());
        s.setUrl(previous.getUrl());
        s.setObservedGeneration(previous.getObservedGeneration());
        s.setConditions(previous.getConditions() == null ? new ArrayList<>() : new ArrayList<>(previous.getConditions()));
        return s;
    }
}
