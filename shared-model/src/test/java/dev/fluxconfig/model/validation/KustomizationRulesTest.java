package dev.fluxconfig.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.fluxconfig.model.v1alpha1.spec.KustomizationDefinition;
import dev.fluxconfig.model.v1alpha1.spec.PostBuildDefinition;
import dev.fluxconfig.model.v1alpha1.spec.SubstituteFromDefinition;

/** The kustomization rules on their own, for the entries and settings the whole-configuration tests do not reach. */
class KustomizationRulesTest {

    static List<ValidationError> check(String config, KustomizationDefinition... list) {
        return RuleRuns.run(Map.of(), r -> KustomizationRules.check(config, new ArrayList<>(Arrays.asList(list)), r));
    }

    static SubstituteFromDefinition from(String kind, String name) {
        SubstituteFromDefinition f = new SubstituteFromDefinition();
        f.setKind(kind);
        f.setName(name);
        return f;
    }

    @Test
    void aNullEntryIsNamedByItsIndex() {
        assertThat(check("c", new KustomizationDefinition("apps", "./apps"), null))
                .containsExactly(new ValidationError("kustomizations[1]", "is null"));
    }

    @Test
    void aMissingNameIsNamedByItsIndex() {
        assertThat(check("c", new KustomizationDefinition("apps", "./apps"), new KustomizationDefinition(null, "./x")))
                .containsExactly(new ValidationError("kustomizations[1].name", "is required"));
    }

    @Test
    void aVeryLongNameIsRefusedByIndexWithoutBeingQuoted() {
        String name = "k".repeat(InputLimits.MAX_TEXT + 1);
        assertThat(check("c", new KustomizationDefinition(name, "./x"))).containsExactly(
                new ValidationError("kustomizations[0].name", "is 257 characters long; at most 63 are allowed"));
    }

    @Test
    void substituteFromNamesMustBeObjectNames() {
        KustomizationDefinition k = new KustomizationDefinition("apps", "./apps");
        PostBuildDefinition pb = new PostBuildDefinition();
        pb.setSubstituteFrom(new ArrayList<>(List.of(from("ConfigMap", "vars.apps"), from("Secret", "Vars"))));
        pb.getSubstituteFrom().add(null);
        pb.getSubstituteFrom().add(from("Secret", null));
        k.setPostBuild(pb);
        assertThat(check("c", k)).containsExactly(
                new ValidationError("kustomizations[apps].postBuild.substituteFrom[1].name",
                        "'Vars' is not a valid object name"),
                new ValidationError("kustomizations[apps].postBuild.substituteFrom[2]", "is null"),
                new ValidationError("kustomizations[apps].postBuild.substituteFrom[3].name",
                        "'null' is not a valid object name"));
    }

    @Test
    void substituteValuesAreBoundedAndNamedByTheirVariable() {
        KustomizationDefinition k = new KustomizationDefinition("apps", "./apps");
        PostBuildDefinition pb = new PostBuildDefinition();
        pb.setSubstitute(Map.of("cluster_env", "prod", "big", "v".repeat(InputLimits.MAX_SUBSTITUTE_VALUE + 1)));
        k.setPostBuild(pb);
        assertThat(check("c", k)).containsExactly(new ValidationError("kustomizations[apps].postBuild.substitute.big",
                "is 16385 characters long; at most 16384 are allowed"));
    }

    @Test
    void theGeneratedNameRuleUsesTheConfigurationName() {
        String name = "k".repeat(60);
        assertThat(check("ab", new KustomizationDefinition(name, "./x"))).isEmpty();
        assertThat(check("abc", new KustomizationDefinition(name, "./x"))).extracting(ValidationError::field)
                .containsExactly("kustomizations[" + name + "].name");
    }
}
