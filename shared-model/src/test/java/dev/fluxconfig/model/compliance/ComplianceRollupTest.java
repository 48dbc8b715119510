package dev.fluxconfig.model.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

import dev.fluxconfig.model.v1alpha1.status.ComplianceState;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ComplianceRollupTest {

    static Condition cond(String type, String status) {
        return new ConditionBuilder().withType(type).withStatus(status).withReason("R").withMessage("m").build();
    }

    @Test
    void readyTrueIsCompliant() {
        assertThat(ComplianceRollup.objectState(List.of(cond("Ready", "True")), false, 2L, 2L))
                .isEqualTo(ComplianceState.COMPLIANT);
    }

    @Test
    void readyFalseIsNonCompliant() {
        assertThat(ComplianceRollup.objectState(List.of(cond("Ready", "False")), false, 1L, 1L))
                .isEqualTo(ComplianceState.NON_COMPLIANT);
    }

    @Test
    void stalledIsNonCompliantEvenWhenReadyIsUnknown() {
        assertThat(ComplianceRollup.objectState(List.of(cond("Ready", "Unknown"), cond("Stalled", "True")), false, 1L, 1L))
                .isEqualTo(ComplianceState.NON_COMPLIANT);
    }

    @Test
    void missingUnknownReconcilingOrStaleArePending() {
        assertThat(ComplianceRollup.objectState(null, false, 1L, null)).isEqualTo(ComplianceState.PENDING);
        assertThat(ComplianceRollup.objectState(List.of(cond("Ready", "Unknown")), false, 1L, 1L))
                .isEqualTo(ComplianceState.PENDING);
        assertThat(ComplianceRollup.objectState(List.of(cond("Ready", "True"), cond("Reconciling", "True")), false, 1L, 1L))
                .isEqualTo(ComplianceState.PENDING);
        assertThat(ComplianceRollup.objectState(List.of(cond("Ready", "True")), false, 3L, 2L))
                .isEqualTo(ComplianceState.PENDING);
    }

    @Test
    void suspendedWins() {
        assertThat(ComplianceRollup.objectState(List.of(cond("Ready", "False")), true, 1L, 1L))
                .isEqualTo(ComplianceState.SUSPENDED);
    }

    @Test
    void configIsTheWorstOfItsObjects() {
        assertThat(ComplianceRollup.configState(List.of())).isEqualTo(ComplianceState.UNKNOWN);
        assertThat(ComplianceRollup.configState(List.of(ComplianceState.COMPLIANT, ComplianceState.COMPLIANT)))
                .isEqualTo(ComplianceState.COMPLIANT);
        assertThat(ComplianceRollup.configState(List.of(ComplianceState.COMPLIANT, ComplianceState.PENDING)))
                .isEqualTo(ComplianceState.PENDING);
        assertThat(ComplianceRollup.configState(List.of(ComplianceState.PENDING, ComplianceState.NON_COMPLIANT,
                ComplianceState.SUSPENDED))).isEqualTo(ComplianceState.NON_COMPLIANT);
        assertThat(ComplianceRollup.configState(List.of(ComplianceState.SUSPENDED, ComplianceState.COMPLIANT)))
                .isEqualTo(ComplianceState.SUSPENDED);
    }

    @Provide
    Arbitrary<List<ComplianceState>> states() {
        return Arbitraries.of(ComplianceState.class).list().ofMaxSize(20);
    }

    @Provide
    Arbitrary<List<Condition>> conditions() {
        Arbitrary<Condition> one = net.jqwik.api.Combinators.combine(
                Arbitraries.of("Ready", "Reconciling", "Stalled", "Healthy"),
                Arbitraries.of("True", "False", "Unknown")).as(ComplianceRollupTest::cond);
        return one.list().ofMaxSize(4);
    }

    /** Adding a failing object to a configuration never makes its state better. */
    @Property(tries = 1000)
    void addingAFailingObjectNeverImproves(@ForAll("states") List<ComplianceState> objects,
            @ForAll("conditions") List<Condition> failing) {
        List<Condition> withFailure = new ArrayList<>(failing);
        withFailure.removeIf(c -> c.getType().equals("Ready"));
        withFailure.add(0, cond("Ready", "False"));
        ComplianceState failed = ComplianceRollup.objectState(withFailure, false, 1L, 1L);
        assertThat(failed).isEqualTo(ComplianceState.NON_COMPLIANT);

        ComplianceState before = ComplianceRollup.configState(objects);
        List<ComplianceState> after = new ArrayList<>(objects);
        after.add(failed);
        ComplianceState now = ComplianceRollup.configState(after);
        assertThat(now.ordinal()).isGreaterThanOrEqualTo(before.ordinal());
        assertThat(now).isEqualTo(ComplianceState.NON_COMPLIANT);
    }

    /** Adding any object never improves the state (monotone roll-up). */
    @Property(tries = 1000)
    void rollupIsMonotone(@ForAll("states") List<ComplianceState> objects, @ForAll ComplianceState added) {
        List<ComplianceState> after = new ArrayList<>(objects);
        after.add(added);
        ComplianceState before = ComplianceRollup.configState(objects);
        ComplianceState now = ComplianceRollup.configState(after);
        if (!objects.isEmpty()) {
            assertThat(now.ordinal()).isGreaterThanOrEqualTo(before.ordinal());
        }
        assertThat(now.ordinal()).isGreaterThanOrEqualTo(added.ordinal());
    }
}
