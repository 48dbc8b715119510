package dev.fluxconfig.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.spec.ScopeType;
import dev.fluxconfig.testing.TestConfigs;

/** Which configurations the controller honours, from its settings alone. */
class TenancyPolicyTest {

    private static FluxConfig config(String ns, ScopeType scope, Map<String, String> labels) {
        FluxConfig c = TestConfigs.tutorial("cfg", ns);
        c.getSpec().setScope(scope);
        c.getMetadata().setLabels(labels);
        return c;
    }

    @Test
    void reservedNamespacesAndPrefixesAreRefusedNamingTheSetting() {
        TenancyPolicy policy = new TenancyPolicy(List.of("kube-*", "flux-system"), true, Optional.empty());

        assertThat(policy.refusal(config("kube-system", ScopeType.NAMESPACE, null))).get().asString()
                .contains("namespace kube-system is reserved").contains("tenancy.reservedNamespaces");
        assertThat(policy.refusal(config("kube-public", ScopeType.CLUSTER, null))).isPresent();
        assertThat(policy.refusal(config("flux-system", ScopeType.NAMESPACE, null))).isPresent();
        assertThat(policy.refusal(config("flux-system-2", ScopeType.NAMESPACE, null))).isEmpty();
        assertThat(policy.refusal(config("team-kube", ScopeType.NAMESPACE, null))).isEmpty();
    }

    @Test
    void clusterScopeOffRefusesOnlyClusterScopedConfigurations() {
        TenancyPolicy policy = new TenancyPolicy(List.of(), false, Optional.empty());

        assertThat(policy.refusal(config("ops", ScopeType.CLUSTER, null))).get().asString()
                .contains("tenancy.clusterScope=false");
        assertThat(policy.refusal(config("ops", ScopeType.NAMESPACE, null))).isEmpty();
    }

    @Test
    void theHonourSelectorKeepsOnlyMatchingConfigurations() {
        TenancyPolicy agentOnly = new TenancyPolicy(List.of(), true,
                Optional.of("app.kubernetes.io/managed-by=fluxconfig-agent"));

        assertThat(agentOnly.refusal(config("a", ScopeType.CLUSTER, Map.of("app.kubernetes.io/managed-by",
                "fluxconfig-agent")))).isEmpty();
        assertThat(agentOnly.refusal(config("a", ScopeType.CLUSTER, null))).get().asString()
                .contains("tenancy.honourSelector");
        assertThat(agentOnly.refusal(config("a", ScopeType.CLUSTER, Map.of("app.kubernetes.io/managed-by", "me"))))
                .isPresent();

        TenancyPolicy notTest = new TenancyPolicy(List.of(), true, Optional.of("team, !test, tier!=dev"));
        assertThat(notTest.refusal(config("a", ScopeType.CLUSTER, Map.of("team", "x")))).isEmpty();
        assertThat(notTest.refusal(config("a", ScopeType.CLUSTER, Map.of("team", "x", "test", "")))).isPresent();
        assertThat(notTest.refusal(config("a", ScopeType.CLUSTER, Map.of("team", "x", "tier", "dev")))).isPresent();
        assertThat(notTest.refusal(config("a", ScopeType.CLUSTER, Map.of()))).isPresent();
    }

    @Test
    void aSelectorThatIsNotOneFailsAtStartNamingTheSetting() {
        assertThatThrownBy(() -> new TenancyPolicy(List.of(), true, Optional.of("a in (b)")))
                .hasMessageContaining("tenancy.honourSelector");
    }
}
