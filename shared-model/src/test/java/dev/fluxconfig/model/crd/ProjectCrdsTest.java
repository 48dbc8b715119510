package dev.fluxconfig.model.crd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;

/** Which servers get the CRDs without their CEL rules from the start; when an installed CRD counts as established. */
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

    @Test
    void aCrdIsEstablishedOnlyWhenTheServerSaysSo() {
        assertThat(ProjectCrds.established(null)).isFalse();
        assertThat(ProjectCrds.established(new CustomResourceDefinition())).isFalse();
        // just created: a status, no conditions yet (seen on the 1.20 server right after an apply)
        CustomResourceDefinition justCreated = new CustomResourceDefinitionBuilder().withNewStatus().endStatus().build();
        justCreated.getStatus().setConditions(null);
        assertThat(ProjectCrds.established(justCreated)).isFalse();
        assertThat(ProjectCrds.established(new CustomResourceDefinitionBuilder().withNewStatus().addNewCondition()
                .withType("Established").withStatus("False").endCondition().endStatus().build())).isFalse();
        assertThat(ProjectCrds.established(new CustomResourceDefinitionBuilder().withNewStatus().addNewCondition()
                .withType("NamesAccepted").withStatus("True").endCondition().addNewCondition().withType("Established")
                .withStatus("True").endCondition().endStatus().build())).isTrue();
    }
}
