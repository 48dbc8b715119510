package dev.fluxconfig.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.FluxConfigStatus;
import dev.fluxconfig.model.v1alpha1.status.ComplianceState;
import dev.fluxconfig.model.v1alpha1.status.ObjectStatusDefinition;
import dev.fluxconfig.model.v1alpha1.status.StatusAggregator;

/** A Pending configuration's details are written at most once; a change of state always is. */
class StatusRefinementTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final StatusWriter writer = new StatusWriter(new ChildApplier(null, null, registry), null);
    final FluxConfig config = new FluxConfig();

    StatusRefinementTest() {
        config.setMetadata(new ObjectMetaBuilder().withName("cfg").withNamespace("ns").withGeneration(1L)
                .withUid(UUID.randomUUID().toString()).build());
    }

    static ObjectStatusDefinition object(String name, ComplianceState state) {
        ObjectStatusDefinition s = new ObjectStatusDefinition();
        s.setKind("Kustomization");
        s.setName(name);
        s.setNamespace("ns");
        s.setComplianceState(state);
        return s;
    }

    StatusAggregator rolledUp(ComplianceState infra, ComplianceState apps) {
        return StatusAggregator.fresh(config.getStatus(), 1L)
                .rollUp(List.of(object("cfg-infra", infra), object("cfg-apps", apps)), false);
    }

    /** Writes as the Operator SDK would, the written status as the next reconcile reads it, written {@code ago} seconds ago. */
    UpdateControl<FluxConfig> write(StatusAggregator status, long ago) {
        UpdateControl<FluxConfig> control = writer.write(config, status, "NotCompliant");
        control.getResource().ifPresent(patch -> {
            FluxConfigStatus written = patch.getStatus();
            written.setStatusUpdatedAt(Instant.now().minusSeconds(ago).toString());
            config.setStatus(written);
        });
        return control;
    }

    double writes() {
        return registry.find("fluxconfig.controller.writes").counter().count();
    }

    @Test
    void pendingDetailsAreWrittenOnceThenOnlyChangesOfState() {
        assertThat(write(rolledUp(ComplianceState.PENDING, ComplianceState.PENDING), 60).isPatchStatus()).isTrue();

        UpdateControl<FluxConfig> refined = write(rolledUp(ComplianceState.COMPLIANT, ComplianceState.PENDING), 60);
        assertThat(refined.isPatchStatus()).as("the one refinement, the window long over").isTrue();

        // much later, another detail: held back for good (no reschedule), the first refinement was the only one
        UpdateControl<FluxConfig> again = writer.write(config, StatusAggregator.fresh(config.getStatus(), 1L)
                .rollUp(List.of(object("cfg-infra", ComplianceState.COMPLIANT), object("cfg-apps", ComplianceState.PENDING),
                        object("podinfo", ComplianceState.PENDING)), false),
                "NotCompliant");
        assertThat(again.isNoUpdate()).isTrue();
        assertThat(again.getScheduleDelay()).isEmpty();
        assertThat(writes()).isEqualTo(2);

        assertThat(write(rolledUp(ComplianceState.COMPLIANT, ComplianceState.COMPLIANT), 0).isPatchStatus()).isTrue();
        assertThat(config.getStatus().getComplianceState()).isEqualTo(ComplianceState.COMPLIANT);
        assertThat(writes()).isEqualTo(3);
    }

    @Test
    void aRefinementSoonAfterTheLastWriteWaitsForTheWindow() {
        write(rolledUp(ComplianceState.PENDING, ComplianceState.PENDING), 1);
        UpdateControl<FluxConfig> held = writer.write(config, rolledUp(ComplianceState.COMPLIANT, ComplianceState.PENDING),
                "NotCompliant");
        assertThat(held.isNoUpdate()).isTrue();
        assertThat(held.getScheduleDelay()).hasValueSatisfying(
                ms -> assertThat(ms).isBetween(1L, StatusWriter.STATUS_COALESCE.toMillis()));
        assertThat(writes()).isEqualTo(1);
    }

    @Test
    void aNewPendingPhaseMayBeRefinedAgain() {
        write(rolledUp(ComplianceState.PENDING, ComplianceState.PENDING), 60);
        write(rolledUp(ComplianceState.COMPLIANT, ComplianceState.PENDING), 60);
        write(rolledUp(ComplianceState.COMPLIANT, ComplianceState.COMPLIANT), 60);
        // a new revision: Pending again, then one refinement
        assertThat(write(rolledUp(ComplianceState.PENDING, ComplianceState.PENDING), 60).isPatchStatus()).isTrue();
        assertThat(write(rolledUp(ComplianceState.COMPLIANT, ComplianceState.PENDING), 60).isPatchStatus()).isTrue();
        assertThat(writes()).isEqualTo(5);
    }
}
