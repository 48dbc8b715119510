package dev.fluxconfig.controller.desired;

import static dev.fluxconfig.model.FluxConfigConstants.*;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;

import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.spec.ScopeType;

/**
 * Multi-tenancy: the {@code flux-applier} ServiceAccount the Kustomizations impersonate, in the configuration namespace, and
 * what it may do: cluster-admin for a cluster-scoped configuration, a Role confined to the namespace for a namespace-scoped
 * one.
 */
public final class ApplierRbacDesired {

    private ApplierRbacDesired() {
    }

    /**
     * The ServiceAccount, shared by every configuration of a namespace: it carries no per-configuration labels (so the
     * stale-object sweep of one configuration never deletes it) and one owner reference per configuration, each applied
     * under that configuration's own field manager, so the garbage collector removes it with the last one.
     */
    public static ServiceAccount serviceAccount(FluxConfig config) {
        ServiceAccount sa = new ServiceAccountBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(FLUX_APPLIER_SERVICE_ACCOUNT)
                        .withNamespace(config.getMetadata().getNamespace())
                        .withLabels(Map.of(LABEL_IS_MANAGED, "true", LABEL_MANAGED_BY, MANAGED_BY_CONTROLLER))
                        .withOwnerReferences(ChildLabels.ownerReference(config).toBuilder().withController(false).build())
                        .build())
                .build();
        // the token controller fills secrets; sending empty lists would claim them and never match what is stored
        sa.setSecrets(null);
        sa.setImagePullSecrets(null);
        return sa;
    }

    /** Name of the ClusterRoleBinding of a cluster-scoped configuration (cluster-wide, so it names the namespace). */
    public static String clusterBindingName(FluxConfig config) {
        return "flux-applier-" + config.getMetadata().getNamespace() + "-" + config.getMetadata().getName();
    }

    /** Role and binding objects for the configuration's scope. */
    public static List<HasMetadata> grants(FluxConfig config) {
        String ns = config.getMetadata().getNamespace();
        String name = applierBindingName(config.getMetadata().getName());
        var subject = new SubjectBuilder().withKind("ServiceAccount").withName(FLUX_APPLIER_SERVICE_ACCOUNT)
                .withNamespace(ns).build();
        if (config.getSpec().getScope() == ScopeType.NAMESPACE) {
            var role = new RoleBuilder().withMetadata(ChildLabels.metadata(config, name))
                    .withRules(new PolicyRuleBuilder().withApiGroups("*").withResources("*").withVerbs("*").build())
                    .build();
            var binding = new RoleBindingBuilder().withMetadata(ChildLabels.metadata(config, name))
                    .withNewRoleRef("rbac.authorization.k8s.io", "Role", name).withSubjects(subject).build();
            return List.of(role, binding);
        }
        var binding = new ClusterRoleBindingBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(clusterBindingName(config))
                        .withLabels(ChildLabels.of(config)).build())
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin").withSubjects(subject).build();
        return List.of(binding);
    }
}
