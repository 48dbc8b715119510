package dev.fluxconfig.controller;

import static dev.fluxconfig.controller.ControllerTestSupport.*;
import static dev.fluxconfig.model.FluxConfigConstants.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.spec.ScopeType;
import dev.fluxconfig.model.v1alpha1.status.ProvisioningState;
import dev.fluxconfig.testing.TestConfigs;

/**
 * Issue 12 findings 2 and 4 on the real API server: what each configuration's appliers may do is its own scope and no
 * more, whatever its namespace and neighbours, and no two configurations share a binding.
 */
@QuarkusTest
@QuarkusTestResource(value = RealKubeTestResource.class, restrictToAnnotatedClass = false)
class TenancyIT {

    @Inject
    KubernetesClient client;

    private static FluxConfig config(String name, String ns, ScopeType scope) {
        FluxConfig c = TestConfigs.tutorial(name, ns);
        c.getSpec().setScope(scope);
        return c;
    }

    private void ensureNamespace(String ns) {
        if (client.namespaces().withName(ns).get() == null) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        }
    }

    /** Every object generated for the configuration, of the RBAC kinds and Kustomizations, found by its labels. */
    private List<HasMetadata> generatedFor(String ns, String name) {
        var labels = java.util.Map.of(LABEL_NAME, name, LABEL_NAMESPACE, ns);
        List<HasMetadata> out = new java.util.ArrayList<>();
        out.addAll(client.serviceAccounts().inAnyNamespace().withLabels(labels).list().getItems());
        out.addAll(client.rbac().roles().inAnyNamespace().withLabels(labels).list().getItems());
        out.addAll(client.rbac().roleBindings().inAnyNamespace().withLabels(labels).list().getItems());
        out.addAll(client.rbac().clusterRoleBindings().withLabels(labels).list().getItems());
        out.addAll(client.resources(Kustomization.class).inAnyNamespace().withLabels(labels).list().getItems());
        return out;
    }

    /** Whether the account a Kustomization runs as may create ClusterRoleBindings (cluster-admin and the like). */
    private boolean runsAsClusterAdmin(Kustomization k) {
        String sa = k.getSpec().getServiceAccountName();
        if (sa == null) {
            return true; // as kustomize-controller itself
        }
        var review = new SubjectAccessReviewBuilder().withNewSpec()
                .withUser("system:serviceaccount:" + k.getMetadata().getNamespace() + ":" + sa)
                .withGroups("system:serviceaccounts", "system:authenticated").withNewResourceAttributes().withVerb("create")
                .withGroup("rbac.authorization.k8s.io").withResource("clusterrolebindings").endResourceAttributes().endSpec()
                .build();
        return client.authorization().v1().subjectAccessReview().create(review).getStatus().getAllowed();
    }

    private FluxConfig awaitRefused(String ns, String name) {
        return awaitConfig(client, ns, name, c -> c.getStatus() != null
                && c.getStatus().getProvisioningState() == ProvisioningState.FAILED
                && !c.getStatus().getConditions().isEmpty()
                && "Refused".equals(c.getStatus().getConditions().get(0).getReason()));
    }

    @Test
    void configurationsWhoseNamesJoinAlikeEachGetTheirOwnClusterRoleBinding() {
        // <p>-a/x and <p>/a-x: "flux-applier-<p>-a-x" was one ClusterRoleBinding for both
        String p = "col-" + UUID.randomUUID().toString().substring(0, 6);
        ensureNamespace(p + "-a");
        ensureNamespace(p);
        client.resource(config("x", p + "-a", ScopeType.CLUSTER)).create();
        client.resource(config("a-x", p, ScopeType.CLUSTER)).create();
        awaitConfig(client, p + "-a", "x", c -> c.getStatus() != null && c.getStatus().getProvisioningState() != null);
        awaitConfig(client, p, "a-x", c -> c.getStatus() != null && c.getStatus().getProvisioningState() != null);

        // one ClusterRoleBinding each, whatever their names: a shared one would have a single subject, flipping between them
        List<ClusterRoleBinding> bindings = awaitValue(() -> client.rbac().clusterRoleBindings().list().getItems().stream()
                .filter(crb -> crb.getSubjects() != null && crb.getSubjects().stream()
                        .anyMatch(s -> p.equals(s.getNamespace()) || (p + "-a").equals(s.getNamespace())))
                .toList(), l -> l.size() == 2, client, p, Duration.ofSeconds(30));
        for (ClusterRoleBinding crb : bindings) {
            String ns = crb.getMetadata().getLabels().get(LABEL_NAMESPACE);
            String name = crb.getMetadata().getLabels().get(LABEL_NAME);
            assertThat(crb.getSubjects()).as(ns + "/" + name).singleElement().satisfies(s -> {
                assertThat(s.getNamespace()).isEqualTo(ns);
                assertThat(s.getName()).isEqualTo("flux-applier-" + name);
            });
            Kustomization apps = awaitValue(
                    () -> client.resources(Kustomization.class).inNamespace(ns).withName(name + "-apps").get(), k -> true,
                    client, ns, Duration.ofSeconds(30));
            assertThat(apps.getSpec().getServiceAccountName()).isEqualTo("flux-applier-" + name);
        }
        assertThat(bindings).extracting(crb -> crb.getMetadata().getLabels().get(LABEL_NAMESPACE))
                .containsExactlyInAnyOrder(p, p + "-a");
    }

    @Test
    void namespaceScopedConfigurationsInReservedNamespacesGetNothing() {
        // kube-system, and flux-system: the controller's own namespace here (pod.namespace), as the release namespace
        ensureNamespace("flux-system");
        String name = "tenancy-" + UUID.randomUUID().toString().substring(0, 6);
        for (String ns : List.of("kube-system", "flux-system")) {
            client.resource(config(name, ns, ScopeType.NAMESPACE)).create();
            try {
                FluxConfig refused = awaitRefused(ns, name);
                assertThat(refused.getStatus().getErrorMessage()).contains("namespace " + ns + " is reserved")
                        .contains("tenancy.reservedNamespaces");
                assertThat(generatedFor(ns, name)).as("nothing generated in " + ns).isEmpty();
                assertThat(client.rbac().roles().inNamespace(ns).withName("flux-applier-" + name).get()).isNull();
                awaitValue(() -> client.v1().events().inNamespace(ns).list().getItems().stream()
                        .filter(e -> name.equals(e.getInvolvedObject().getName()) && "Refused".equals(e.getReason()))
                        .findFirst().orElse(null), e -> e.getMessage().contains("reserved"), client, ns,
                        Duration.ofSeconds(30));
            } finally {
                client.resources(FluxConfig.class).inNamespace(ns).withName(name).delete();
            }
        }
    }

    @Test
    void aNamespaceScopedConfigurationBesideAClusterScopedOneGetsNoClusterRights() {
        String ns = namespace(client, "mixed");
        // honoured while alone: its own account, bound in its namespace only
        client.resource(config("narrow", ns, ScopeType.NAMESPACE)).create();
        awaitValue(() -> client.rbac().roleBindings().inNamespace(ns).withLabel(LABEL_NAME, "narrow").list().getItems(),
                l -> !l.isEmpty(), client, ns, Duration.ofSeconds(30));
        Kustomization alone = awaitValue(
                () -> client.resources(Kustomization.class).inNamespace(ns).withName("narrow-apps").get(), k -> true,
                client, ns, Duration.ofSeconds(30));
        assertThat(runsAsClusterAdmin(alone)).isFalse();

        client.resource(config("wide", ns, ScopeType.CLUSTER)).create();

        FluxConfig refused = awaitRefused(ns, "narrow");
        assertThat(refused.getStatus().getErrorMessage()).contains("cluster-scoped configuration wide");
        awaitValue(() -> generatedFor(ns, "narrow"), List::isEmpty, client, ns, Duration.ofSeconds(30));
        for (Kustomization k : client.resources(Kustomization.class).inNamespace(ns).list().getItems()) {
            if (!k.getMetadata().getName().startsWith("wide-")) {
                assertThat(runsAsClusterAdmin(k)).as(k.getMetadata().getName()).isFalse();
            }
        }
        FluxConfig wide = awaitConfig(client, ns, "wide", c -> c.getStatus() != null
                && c.getStatus().getProvisioningState() == ProvisioningState.SUCCEEDED);
        assertThat(wide.getStatus().getErrorMessage()).isNull();
        // a namespace-scoped configuration created after the cluster-scoped one is refused from the start
        client.resource(config("later", ns, ScopeType.NAMESPACE)).create();
        awaitRefused(ns, "later");
        assertThat(generatedFor(ns, "later")).isEmpty();
    }
}
