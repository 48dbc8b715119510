package dev.fluxconfig.controller.desired;

import static dev.fluxconfig.model.FluxConfigConstants.LABEL_OPERATION_ID;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.testing.TestConfigs;

/** The operation-id label is set only when the operation id is a valid label value (the rule of NameRules). */
class ChildLabelsTest {

    static FluxConfig withOperationId(String id) {
        FluxConfig c = TestConfigs.tutorial("cluster-config", "cluster-config");
        c.getSpec().setOperationId(id);
        return c;
    }

    @Test
    void aValidOperationIdBecomesALabel() {
        assertThat(ChildLabels.of(withOperationId("Op_1.2-x"))).containsEntry(LABEL_OPERATION_ID, "Op_1.2-x");
        assertThat(ChildLabels.of(withOperationId("o".repeat(63)))).containsEntry(LABEL_OPERATION_ID, "o".repeat(63));
    }

    @Test
    void anOperationIdThatIsNoLabelValueIsLeftOut() {
        assertThat(ChildLabels.of(withOperationId(null))).doesNotContainKey(LABEL_OPERATION_ID);
        assertThat(ChildLabels.of(withOperationId("o".repeat(64)))).doesNotContainKey(LABEL_OPERATION_ID);
        assertThat(ChildLabels.of(withOperationId("op id"))).doesNotContainKey(LABEL_OPERATION_ID);
        assertThat(ChildLabels.of(withOperationId("-op"))).doesNotContainKey(LABEL_OPERATION_ID);
    }
}
