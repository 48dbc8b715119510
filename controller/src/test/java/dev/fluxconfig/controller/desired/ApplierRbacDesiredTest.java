package dev.fluxconfig.controller.desired;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;

import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.spec.ScopeType;
import dev.fluxconfig.testing.TestConfigs;

/** The applier account and binding of one configuration, without a server. */
class ApplierRbacDesiredTest {

    private static FluxConfig config(String ns, String name, ScopeType scope) {
        FluxConfig c = TestConfigs.tutorial(name, ns);
        c.getMetadata().setUid("uid-" + ns + "-" + name);
        c.getSpec().setScope(scope);
        return c;
    }

    @Test
    void configurationsWhoseNamesJoinAlikeGetBindingsOfTheirOwn() {
        // team-a/x and team/a-x shared the ClusterRoleBinding flux-applier-team-a-x
        FluxConfig one = config("team-a", "x", ScopeType.CLUSTER);
        FluxConfig two = config("team", "a-x", ScopeType.CLUSTER);

        assertThat(ApplierRbacDesired.clusterBindingName(one)).isEqualTo("flux-applier.team-a.x")
                .isNotEqualTo(ApplierRbacDesired.clusterBindingName(two));
    }

    @Test
    void clusterScopeBindsTheConfigurationsOwnAccountToClusterAdmin() {
        FluxConfig c = config("ops", "infra", ScopeType.CLUSTER);

        var sa = ApplierRbacDesired.serviceAccount(c);
        List<HasMetadata> grants = ApplierRbacDesired.grants(c, "ns-role");

        assertThat(sa.getMetadata().getName()).isEqualTo("flux-applier-infra");
        assertThat(sa.getMetadata().getNamespace()).isEqualTo("ops");
        assertThat(sa.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo("uid-ops-infra"));
        assertThat(grants).singleElement().isInstanceOfSatisfying(ClusterRoleBinding.class, b -> {
            assertThat(b.getRoleRef().getName()).isEqualTo("cluster-admin");
            assertThat(b.getSubjects()).singleElement().satisfies(s -> {
                assertThat(s.getName()).isEqualTo("flux-applier-infra");
                assertThat(s.getNamespace()).isEqualTo("ops");
            });
        });
    }

    @Test
    void namespaceScopeIsARoleBindingToTheNamespaceRoleAndNoRole() {
        FluxConfig c = config("team-a", "web", ScopeType.NAMESPACE);

        List<HasMetadata> grants = ApplierRbacDesired.grants(c, "fluxconfig-namespace-applier-flux-system");

        assertThat(grants).singleElement().isInstanceOfSatisfying(RoleBinding.class, b -> {
            assertThat(b.getMetadata().getName()).isEqualTo("flux-applier.web");
            assertThat(b.getMetadata().getNamespace()).isEqualTo("team-a");
            assertThat(b.getRoleRef().getKind()).isEqualTo("ClusterRole");
            assertThat(b.getRoleRef().getName()).isEqualTo("fluxconfig-namespace-applier-flux-system");
            assertThat(b.getSubjects()).singleElement().satisfies(s -> assertThat(s.getName()).isEqualTo("flux-applier-web"));
        });
    }

    @Test
    void kustomizationsRunAsTheirConfigurationsAccount() {
        FluxConfig c = config("team-a", "web", ScopeType.NAMESPACE);

        assertThat(KustomizationDesired.desired(c, true)).allSatisfy(
                k -> assertThat(k.getSpec().getServiceAccountName()).isEqualTo("flux-applier-web"));
    }
}
