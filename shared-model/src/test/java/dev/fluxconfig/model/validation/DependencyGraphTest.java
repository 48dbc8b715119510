package dev.fluxconfig.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.fluxconfig.model.v1alpha1.spec.KustomizationDefinition;

/** The dependsOn rules on their own: what an entry may name, and which cycle is reported. */
class DependencyGraphTest {

    static Map<String, KustomizationDefinition> graph(String... nameAndDeps) {
        Map<String, KustomizationDefinition> byName = new LinkedHashMap<>();
        for (String entry : nameAndDeps) {
            String[] parts = entry.split(":", -1);
            KustomizationDefinition k = new KustomizationDefinition(parts[0], "./" + parts[0]);
            if (parts.length > 1) {
                k.setDependsOn(Arrays.asList(parts[1].split(",", -1)));
            }
            byName.put(parts[0], k);
        }
        return byName;
    }

    static List<ValidationError> check(Map<String, KustomizationDefinition> byName) {
        return RuleRuns.run(Map.of(), r -> DependencyGraph.check(byName, r));
    }

    @Test
    void aDiamondIsNoCycle() {
        assertThat(check(graph("a", "b:a", "c:a", "d:b,c"))).isEmpty();
    }

    @Test
    void anEmptyOrOverlongNameInDependsOnIsRefused() {
        Map<String, KustomizationDefinition> g = graph("a", "b:a");
        g.get("b").setDependsOn(Arrays.asList("a", "", null, "x".repeat(64)));
        assertThat(check(g)).containsExactly(
                new ValidationError("kustomizations[b].dependsOn", "contains an empty name"),
                new ValidationError("kustomizations[b].dependsOn", "contains an empty name"),
                new ValidationError("kustomizations[b].dependsOn", "contains a name of 64 characters; at most 63 are allowed"));
    }

    @Test
    void theCycleIsReportedOnceFromWhereTheSearchEnteredIt() {
        assertThat(check(graph("a:c", "b:a", "c:b", "d:a"))).containsExactly(
                new ValidationError("kustomizations[a].dependsOn", "dependency cycle: a -> c -> b -> a"));
    }

    @Test
    void refusedEdgesTakeNoPartInTheCycleSearch() {
        Map<String, KustomizationDefinition> g = graph("a:b,b", "b:c", "c");
        assertThat(check(g))
                .containsExactly(new ValidationError("kustomizations[a].dependsOn", "'b' is listed more than once"));
        g.get("a").setDependsOn(List.of("b"));
        g.get("c").setDependsOn(List.of("unknown"));
        assertThat(check(g)).containsExactly(
                new ValidationError("kustomizations[c].dependsOn", "'unknown' is not a kustomization of this configuration"));
    }
}
