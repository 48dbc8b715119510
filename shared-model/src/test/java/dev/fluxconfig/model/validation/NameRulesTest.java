package dev.fluxconfig.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.fluxconfig.model.FluxConfigConstants;

/** The name rules on their own: where each boundary lies, and that every refusal names its field. */
class NameRulesTest {

    @Test
    void dnsLabelsStopAtSixtyThreeCharactersAndRefuseDots() {
        assertThat(NameRules.isDnsLabel("a".repeat(63))).isTrue();
        assertThat(NameRules.isDnsLabel("a".repeat(64))).isFalse();
        assertThat(NameRules.isDnsLabel("a-1")).isTrue();
        assertThat(NameRules.isDnsLabel("a.b")).isFalse();
        assertThat(NameRules.isDnsLabel("-a")).isFalse();
        assertThat(NameRules.isDnsLabel("")).isFalse();
        assertThat(NameRules.isDnsLabel(null)).isFalse();
    }

    @Test
    void dnsSubdomainsTakeDotsAndStopAtTwoHundredFiftyThree() {
        String longest = ("a".repeat(63) + ".").repeat(3) + "a".repeat(61);
        assertThat(longest).hasSize(253);
        assertThat(NameRules.isDnsSubdomain(longest)).isTrue();
        assertThat(NameRules.isDnsSubdomain(longest + "a")).isFalse();
        assertThat(NameRules.isDnsSubdomain("my.secret-1")).isTrue();
        assertThat(NameRules.isDnsSubdomain("a..b")).isFalse();
        assertThat(NameRules.isDnsSubdomain("a.")).isFalse();
        assertThat(NameRules.isDnsSubdomain("Secret")).isFalse();
        assertThat(NameRules.isDnsSubdomain("")).isFalse();
        assertThat(NameRules.isDnsSubdomain(null)).isFalse();
    }

    @Test
    void labelValuesMayBeEmptyOrMixedCaseButNotLongerThanSixtyThree() {
        assertThat(NameRules.isLabelValue("")).isTrue();
        assertThat(NameRules.isLabelValue("Op_1.2-x")).isTrue();
        assertThat(NameRules.isLabelValue("x".repeat(63))).isTrue();
        assertThat(NameRules.isLabelValue("x".repeat(64))).isFalse();
        assertThat(NameRules.isLabelValue("_x")).isFalse();
        assertThat(NameRules.isLabelValue("a b")).isFalse();
        assertThat(NameRules.isLabelValue(null)).isFalse();
    }

    @Test
    void configurationNamesTakeDotsAndNameTheirField() {
        assertThat(NameRules.checkConfigurationName("cluster.config-1")).isEmpty();
        assertThat(NameRules.checkConfigurationName("c".repeat(63))).isEmpty();
        assertThat(NameRules.checkConfigurationName(null)).contains(new ValidationError("name", "is required"));
        assertThat(NameRules.checkConfigurationName("c".repeat(64))).contains(new ValidationError("name",
                "'" + "c".repeat(64) + "' is 64 characters long; at most 63 are allowed"));
        assertThat(NameRules.checkConfigurationName("Config")).contains(new ValidationError("name",
                "'Config' must consist of lower-case letters, digits, '-' and '.', and start and end with a letter or digit"));
    }

    @Test
    void namespacesAreDnsLabels() {
        assertThat(NameRules.checkNamespace("team-a")).isEmpty();
        assertThat(NameRules.checkNamespace("")).contains(new ValidationError("namespace", "is required"));
        assertThat(NameRules.checkNamespace("team.a")).contains(new ValidationError("namespace",
                "'team.a' must consist of lower-case letters, digits and '-', and start and end with a letter or digit"));
        assertThat(NameRules.checkNamespace("n".repeat(64))).map(ValidationError::message)
                .contains("'" + "n".repeat(64) + "' is 64 characters long; at most 63 are allowed");
    }

    @Test
    void theGeneratedKustomizationNameMustStayALabelValue() {
        String config = "c".repeat(20);
        String fits = "k".repeat(42);
        assertThat(FluxConfigConstants.kustomizationName(config, fits)).hasSize(63);
        assertThat(NameRules.checkKustomizationName("kustomizations[x].name", config, fits)).isEmpty();
        assertThat(NameRules.checkKustomizationName("kustomizations[x].name", config, fits + "k"))
                .contains(new ValidationError("kustomizations[x].name", "configuration name and kustomization name "
                        + "together are 63 characters long; at most 62 are allowed, so that '" + config + "-" + fits
                        + "k' stays a valid label value"));
    }

    @Test
    void aConfigurationNameThatIsItselfTooLongIsNotBlamedOnTheKustomization() {
        assertThat(NameRules.checkKustomizationName("f", "c".repeat(64), "apps")).isEmpty();
        assertThat(NameRules.checkKustomizationName("f", null, "k".repeat(63))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Apps", "-apps", "apps.", "a_b", "a b"})
    void kustomizationNamesFollowTheConfigurationNameRule(String name) {
        assertThat(NameRules.checkKustomizationName("kustomizations[" + name + "].name", "c", name))
                .map(ValidationError::field).contains("kustomizations[" + name + "].name");
    }
}
