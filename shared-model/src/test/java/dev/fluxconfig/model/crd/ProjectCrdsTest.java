package dev.fluxconfig.model.crd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which servers get the CRDs without their CEL rules from the start. */
class ProjectCrdsTest {

    @Test
    void serversBefore123DoNotKnowCelRules() {
        assertThat(ProjectCrds.knowsCelRules("1", "20")).isFalse();
        assertThat(ProjectCrds.knowsCelRules("1", "22+")).isFalse();
    }

    @Test
    void laterServersDo() {
        assertThat(ProjectCrds.knowsCelRules("1", "23")).isTrue();
        assertThat(ProjectCrds.knowsCelRules("1", "30+")).isTrue();
        assertThat(ProjectCrds.knowsCelRules("2", "0")).isTrue();
    }

    @Test
    void aVersionThatCannotBeReadIsTriedWithTheRules() {
        assertThat(ProjectCrds.knowsCelRules(null, "20")).isTrue();
        assertThat(ProjectCrds.knowsCelRules("1", "")).isTrue();
        assertThat(ProjectCrds.knowsCelRules("v1", "x")).isTrue();
    }
}
