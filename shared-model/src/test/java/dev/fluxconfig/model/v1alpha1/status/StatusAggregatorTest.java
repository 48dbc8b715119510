package dev.fluxconfig.model.v1alpha1.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.fluxconfig.model.v1alpha1.FluxConfigStatus;

/** The Ready condition and its transition time, on every path that rewrites a status. */
class StatusAggregatorTest {

    static final Instant T0 = Instant.parse("2026-12-05T01:00:00Z");
    static final Instant LATER = T0.plusSeconds(90);

    static FluxConfigStatus pendingAt(Instant at) {
        ObjectStatusDefinition git = new ObjectStatusDefinition();
        git.setKind("GitRepository");
        git.setName("cfg");
        git.setNamespace("ns");
        git.setComplianceState(ComplianceState.PENDING);
        return StatusAggregator.fresh(null, 1L).rollUp(List.of(git), false).build(at);
    }

    @Test
    void aRewriteThatKeepsReadyFalseKeepsItsTransitionTime() {
        FluxConfigStatus pending = pendingAt(T0);
        assertThat(pending.getConditions()).singleElement().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("Pending");
            assertThat(c.getMessage()).isEqualTo("GitRepository ns/cfg: not reconciled yet");
            assertThat(c.getLastTransitionTime()).isEqualTo(T0.toString());
        });

        FluxConfigStatus deleting = StatusAggregator.keeping(pending).deleting("waiting for 1 generated objects").build(LATER);
        FluxConfigStatus failed = StatusAggregator.keeping(pending).failed("ApplyFailed", "the API server answered 500")
                .build(LATER);

        assertThat(deleting.getProvisioningState()).isEqualTo(ProvisioningState.DELETING);
        assertThat(deleting.getConditions().get(0).getLastTransitionTime()).isEqualTo(T0.toString());
        assertThat(failed.getErrorMessage()).isEqualTo("the API server answered 500");
        assertThat(failed.getConditions().get(0).getLastTransitionTime()).isEqualTo(T0.toString());
        // the previous status is read, never changed
        assertThat(pending.getProvisioningState()).isEqualTo(ProvisioningState.SUCCEEDED);
        assertThat(pending.getConditions().get(0).getReason()).isEqualTo("Pending");
    }

    @Test
    void aChangeOfReadyTakesTheTimeOfTheWrite() {
        FluxConfigStatus compliant = StatusAggregator.fresh(pendingAt(T0), 1L).rollUp(List.of(), true).build(LATER);
        assertThat(compliant.getComplianceState()).isEqualTo(ComplianceState.SUSPENDED);
        assertThat(compliant.getConditions().get(0).getLastTransitionTime()).isEqualTo(T0.toString());

        FluxConfigStatus ready = StatusAggregator.fresh(compliant, 2L).ready("Compliant", "every object is ready")
                .build(LATER.plusSeconds(1));
        assertThat(ready.getObservedGeneration()).isEqualTo(2L);
        assertThat(ready.getConditions().get(0).getLastTransitionTime()).isEqualTo(LATER.plusSeconds(1).toString());
    }
}
