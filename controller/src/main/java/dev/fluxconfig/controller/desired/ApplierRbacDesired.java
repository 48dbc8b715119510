package dev.fluxconfig.controller.desired;

import java.util.List;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;

import dev.fluxconfig.model.FluxConfigConstants;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.spec.ScopeType;

/**
 * Multi-tenancy: the applier ServiceAccount the Kustomizations of one configuration impersonate, in the configuration
 * namespace, and what it may do: cluster-admin through a ClusterRoleBinding for a cluster-scoped configuration, the
 * chart's namespace applier ClusterRole through a RoleBinding in the configuration namespace for a namespace-scoped one. Each configuration has its own account and bindings; names join the namespace and the
 * configuration name with '.', which neither may contain, so two configurations never share one.
 * <p>
 * The namespace role is the chart's {@code fluxconfig-namespace-applier-<release namespace>} (setting
 * {@code tenancy.namespaceRole}): every verb on every namespaced kind, and only through a RoleBinding.
 */
public final class ApplierRbacDesired {

    /** ClusterRole a cluster-scoped applier is bound to. */
    public static final String CLUSTER_ROLE = "cluster-admin";

    private ApplierRbacDesired() {
    }

    /** The applier ServiceAccount of a configuration (unique in its namespace, as configuration names are). */
    public static String serviceAccountName(String configName) {
        return FluxConfigConstants.applierServiceAccountName(configName);
    }

    /** The RoleBinding of a namespace-scoped configuration, in its namespace. */
    public static String roleBindingName(String configName) {
        return FluxConfigConstants.applierRoleBindingName(configName);
    }

    /** The ClusterRoleBinding of a cluster-scoped configuration (cluster-wide, so it names the namespace too). */
    public static String clusterBindingName(FluxConfig config) {
        return FluxConfigConstants.applierClusterBindingName(config.getMetadata().getNamespace(),
                config.getMetadata().getName());
    }

    /** The configuration's own ServiceAccount, owned by it. */
    public static ServiceAccount serviceAccount(FluxConfig config) {
        ServiceAccount sa = new ServiceAccountBuilder()
                .withMetadata(ChildLabels.metadata(config, serviceAccountName(config.getMetadata().getName())))
                .build();
        // the token controller fills secrets; sending empty lists would claim them and never match what is stored
        sa.setSecrets(null);
        sa.setImagePullSecrets(null);
        return sa;
    }

    /** The binding that gives the configuration's ServiceAccount its scope. */
    public static List<HasMetadata> grants(FluxConfig config, String namespaceRole) {
        String ns = config.getMetadata().getNamespace();
        String configName = config.getMetadata().getName();
        var subject = new SubjectBuilder().withKind("ServiceAccount").withName(serviceAccountName(configName))
                .withNamespace(ns).build();
        if (config.getSpec().getScope() == ScopeType.NAMESPACE) {
            return List.of(new RoleBindingBuilder().withMetadata(ChildLabels.metadata(config, roleBindingName(configName)))
                    .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", namespaceRole).withSubjects(subject)
                    .build());
        }
        return List.of(new ClusterRoleBindingBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(clusterBindingName(config))
                        .withLabels(ChildLabels.of(config)).build())
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", CLUSTER_ROLE).withSubjects(subject).build());
    }
}
