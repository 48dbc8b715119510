package dev.fluxconfig.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.fluxconfig.model.v1alpha1.FluxConfigStatus;
import dev.fluxconfig.model.v1alpha1.status.ComplianceState;
import dev.fluxconfig.model.v1alpha1.status.ProvisioningState;

/** Which status writes the controller holds back while a configuration's children become Ready one by one. */
class StatusCoalesceTest {

    static final Instant WRITTEN = Instant.parse("2026-11-29T10:00:00Z");

    static FluxConfigStatus status(ComplianceState compliance, ProvisioningState provisioning, long generation,
            String updatedAt) {
        FluxConfigStatus s = new FluxConfigStatus();
        s.setComplianceState(compliance);
        s.setProvisioningState(provisioning);
        s.setObservedGeneration(generation);
        s.setStatusUpdatedAt(updatedAt);
        return s;
    }

    static FluxConfigStatus pending(long generation) {
        return status(ComplianceState.PENDING, ProvisioningState.SUCCEEDED, generation, null);
    }

    @Test
    void pendingDetailsSoonAfterAWriteWaitForTheRestOfTheWindow() {
        FluxConfigStatus previous = status(ComplianceState.PENDING, ProvisioningState.SUCCEEDED, 1, WRITTEN.toString());

        assertThat(StatusWriter.coalesceWindow(previous, pending(1), WRITTEN.plusSeconds(2)))
                .contains(StatusWriter.STATUS_COALESCE.minusSeconds(2));
        assertThat(
                StatusWriter.coalesceWindow(previous, pending(1), WRITTEN.plus(StatusWriter.STATUS_COALESCE)))
                .isEmpty();
    }

    @Test
    void aChangeOfComplianceProvisioningOrGenerationIsWrittenAtOnce() {
        FluxConfigStatus previous = status(ComplianceState.PENDING, ProvisioningState.SUCCEEDED, 1, WRITTEN.toString());
        Instant now = WRITTEN.plusSeconds(1);

        assertThat(StatusWriter.coalesceWindow(previous,
                status(ComplianceState.COMPLIANT, ProvisioningState.SUCCEEDED, 1, null), now)).isEmpty();
        assertThat(StatusWriter.coalesceWindow(previous,
                status(ComplianceState.NON_COMPLIANT, ProvisioningState.SUCCEEDED, 1, null), now)).isEmpty();
        assertThat(StatusWriter.coalesceWindow(previous,
                status(ComplianceState.PENDING, ProvisioningState.FAILED, 1, null), now)).isEmpty();
        assertThat(StatusWriter.coalesceWindow(previous, pending(2), now)).isEmpty();
    }

    @Test
    void theFirstWriteAndANonPendingPreviousStatusAreNeverHeldBack() {
        Instant now = WRITTEN.plusSeconds(1);
        assertThat(StatusWriter.coalesceWindow(null, pending(1), now)).isEmpty();
        assertThat(StatusWriter.coalesceWindow(
                status(ComplianceState.COMPLIANT, ProvisioningState.SUCCEEDED, 1, WRITTEN.toString()), pending(1), now))
                .isEmpty();
        assertThat(StatusWriter.coalesceWindow(
                status(ComplianceState.PENDING, ProvisioningState.SUCCEEDED, 1, "not a time"), pending(1), now)).isEmpty();
        assertThat(Duration.ZERO).isLessThan(StatusWriter.STATUS_COALESCE);
    }
}
