package dev.fluxconfig.it.chart;

import static dev.fluxconfig.it.chart.FluxConfigChart.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.function.Executable;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.spec.ScopeType;
import dev.fluxconfig.model.v1alpha1.status.ProvisioningState;
import dev.fluxconfig.testing.RealKubeServer;
import dev.fluxconfig.testing.TestConfigs;
import dev.fluxconfig.testkit.AppProcess;

/**
 * The chart's RBAC on the real API server, acting as the apps' own ServiceAccounts (the admin impersonates them, so the
 * server's RBAC authorizer decides): what the agent, the controller and a namespace-scoped applier cannot do, and the
 * controller's real flow (a packaged controller whose client impersonates its account) still working under it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenancyRbacIT {

    private static final String CONTROLLER = "fluxconfig-controller";
    private static final String AGENT = "fluxconfig-agent";

    private static KubernetesClient admin;
    private static String tenant;
    private static List<HasMetadata> applied = List.of();

    @BeforeAll
    static void applyTheChartsRbac() {
        admin = RealKubeServer.get().client();
        ensureNamespace(NAMESPACE);
        tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 6);
        ensureNamespace(tenant);
        applyRbacAndWait(Map.of(), true);
    }

    /** Applies the chart's RBAC and waits until the server's authorizer decides by it. */
    private static void applyRbacAndWait(Map<String, String> values, boolean clusterScope) {
        applyRbac(values);
        String controller = user(NAMESPACE, CONTROLLER);
        await().atMost(Duration.ofSeconds(30)).until(() -> allowed(controller, "bind", "rbac.authorization.k8s.io",
                "clusterroles", null, "fluxconfig-namespace-applier-" + NAMESPACE)
                && allowed(controller, "bind", "rbac.authorization.k8s.io", "clusterroles", null,
                        "cluster-admin") == clusterScope
                && allowed(user(NAMESPACE, AGENT), "create", "", "secrets", "default"));
    }

    @AfterAll
    static void removeTheChartsRbac() {
        if (admin != null) {
            applied.forEach(o -> admin.resource(o).delete());
            admin.namespaces().withName(tenant).delete();
        }
    }

    /** The chart's ServiceAccounts, (Cluster)Roles and bindings, rendered with these values, replacing earlier ones. */
    private static void applyRbac(Map<String, String> values) {
        applied.forEach(o -> admin.resource(o).delete());
        applied = FluxConfigChart.render(values).objects().stream()
                .filter(o -> o instanceof ServiceAccount || o instanceof ClusterRole || o instanceof ClusterRoleBinding
                        || o instanceof Role || o instanceof RoleBinding)
                .toList();
        for (HasMetadata o : applied) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(KubernetesClientException.class)
                    .until(() -> admin.resource(o).createOr(existing -> existing.update()) != null);
        }
    }

    private static void ensureNamespace(String ns) {
        if (admin.namespaces().withName(ns).get() == null) {
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        }
    }

    private static String user(String ns, String sa) {
        return "system:serviceaccount:" + ns + ":" + sa;
    }

    /** A client acting as a ServiceAccount, with the groups the server gives every ServiceAccount. */
    private static KubernetesClient as(String ns, String sa) {
        try {
            Path kubeconfig = RealKubeServer.get().kubeconfig();
            Config config = Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
            config.setImpersonateUsername(user(ns, sa));
            config.setImpersonateGroups("system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated");
            return new KubernetesClientBuilder().withConfig(config).build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertForbidden(String what, Executable call) {
        assertThatThrownBy(call::execute).as(what).isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).as(what).isEqualTo(403));
    }

    private static boolean allowed(String user, String verb, String group, String resource, String ns) {
        return allowed(user, verb, group, resource, ns, null);
    }

    private static boolean allowed(String user, String verb, String group, String resource, String ns, String name) {
        String[] parts = resource.split("/", 2);
        SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec().withUser(user)
                .withGroups("system:serviceaccounts", "system:authenticated").withNewResourceAttributes().withVerb(verb)
                .withGroup(group).withResource(parts[0]).withSubresource(parts.length > 1 ? parts[1] : null)
                .withNamespace(ns).withName(name).endResourceAttributes().endSpec().build();
        return admin.authorization().v1().subjectAccessReview().create(review).getStatus().getAllowed();
    }

    private static RoleBinding bindingTo(String ns, String name, String clusterRole, String subjectNs, String subject) {
        return new RoleBindingBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", clusterRole).addNewSubject()
                .withKind("ServiceAccount").withName(subject).withNamespace(subjectNs).endSubject().build();
    }

    private static ClusterRoleBinding clusterBindingTo(String name, String clusterRole, String subjectNs, String subject) {
        return new ClusterRoleBindingBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", clusterRole).addNewSubject()
                .withKind("ServiceAccount").withName(subject).withNamespace(subjectNs).endSubject().build();
    }

    @Test
    @Order(1)
    void theAgentCannotListDeleteOrUpdateSecretsNorTouchRbac() {
        admin.secrets().inNamespace(tenant).resource(new SecretBuilder().withNewMetadata().withName("not-the-agents")
                .endMetadata().addToStringData("password", "x").build()).create();
        try (KubernetesClient agent = as(NAMESPACE, AGENT)) {
            assertForbidden("agent lists Secrets", () -> agent.secrets().inNamespace(tenant).list());
            assertForbidden("agent lists Secrets everywhere", () -> agent.secrets().inAnyNamespace().list());
            assertForbidden("agent deletes a Secret", () -> agent.secrets().inNamespace(tenant).withName("not-the-agents")
                    .delete());
            // a PUT; a patch of a Secret it can name is allowed (server-side apply of its own Secrets is a patch)
            Secret theirs = admin.secrets().inNamespace(tenant).withName("not-the-agents").get();
            assertForbidden("agent updates a Secret", () -> agent.secrets().inNamespace(tenant)
                    .resource(new SecretBuilder(theirs).addToStringData("password", "y").build()).update());
            assertForbidden("agent creates a ClusterRoleBinding to cluster-admin for itself",
                    () -> agent.resource(clusterBindingTo("agent-admin-" + tenant, "cluster-admin", NAMESPACE, AGENT))
                            .create());
        }
    }

    @Test
    @Order(1)
    void theAppsCanMakeTheirOwnershipChecksAsTheirAccounts() {
        // what the ownership checks call (docs/security.md, Ownership): a list by name instead of a get, a dry run of a
        // new FluxConfig before its Secret, a Warning Event on an object left alone
        try (KubernetesClient agent = as(NAMESPACE, AGENT); KubernetesClient controller = as(NAMESPACE, CONTROLLER)) {
            assertThat(agent.resources(FluxConfig.class).inNamespace(tenant).withField("metadata.name", "own").list()
                    .getItems()).isEmpty();
            FluxConfig dry = TestConfigs.tutorial("own", tenant);
            dry.getMetadata().setResourceVersion(String.valueOf(Long.MAX_VALUE));
            assertThat(agent.resource(dry).dryRun().fieldManager(AGENT).forceConflicts().serverSideApply()).isNotNull();
            assertThat(admin.resources(FluxConfig.class).inNamespace(tenant).withName("own").get()).as("a dry run").isNull();
            agent.v1().events().inNamespace(tenant).resource(new io.fabric8.kubernetes.api.model.EventBuilder()
                    .withNewMetadata().withName("own." + UUID.randomUUID().toString().substring(0, 8)).endMetadata()
                    .withNewInvolvedObject().withKind("Secret").withName("not-the-agents").withNamespace(tenant)
                    .endInvolvedObject().withType("Warning").withReason("OwnershipConflict").withMessage("test").build())
                    .create();
            for (Class<? extends HasMetadata> kind : List.of(Secret.class, ServiceAccount.class, RoleBinding.class)) {
                assertThat(controller.resources(kind).inNamespace(tenant).withField("metadata.name", "own").list()
                        .getItems()).as("controller lists %s by name", kind.getSimpleName()).isEmpty();
            }
            assertThat(controller.resources(ClusterRoleBinding.class).withField("metadata.name", "own").list().getItems())
                    .isEmpty();
        }
    }

    @Test
    @Order(2)
    void theControllerCannotEscalateBindOtherRolesReadConfigMapsOrMintTokens() {
        try (KubernetesClient controller = as(NAMESPACE, CONTROLLER)) {
            Role everything = new RoleBuilder().withNewMetadata().withName("everything").withNamespace(tenant)
                    .endMetadata().addNewRule().withApiGroups("*").withResources("*").withVerbs("*").endRule().build();
            assertForbidden("controller writes a Role with * (escalate)", () -> controller.resource(everything).create());
            for (String role : List.of("admin", "edit", "system:controller:clusterrole-aggregation-controller")) {
                assertForbidden("controller binds " + role,
                        () -> controller.resource(bindingTo(tenant, "x-" + role.replace(':', '-'), role, tenant, "x"))
                                .create());
            }
            assertForbidden("controller creates a ConfigMap", () -> controller.configMaps().inNamespace(tenant)
                    .resource(new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata().build()).create());
            assertForbidden("controller reads a Secret by name",
                    () -> controller.secrets().inNamespace(tenant).withName("not-the-agents").get());
            assertForbidden("controller mints a token for its own account",
                    () -> controller.serviceAccounts().inNamespace(NAMESPACE).withName(CONTROLLER)
                            .tokenRequest(new TokenRequestBuilder().withNewSpec().withAudiences("x").endSpec().build()));
            assertForbidden("controller deletes a namespace", () -> controller.namespaces().withName(tenant).delete());

            // what it hands out, it may: a RoleBinding to the namespace role, cluster-admin while cluster scope is on
            controller.resource(new ServiceAccountBuilder().withNewMetadata().withName("flux-applier-web")
                    .withNamespace(tenant).endMetadata().build()).create();
            controller.resource(bindingTo(tenant, "flux-applier.web", "fluxconfig-namespace-applier-" + NAMESPACE, tenant,
                    "flux-applier-web")).create();
            controller.resource(clusterBindingTo("flux-applier." + tenant + ".wide", "cluster-admin", tenant, "wide"))
                    .create();
            controller.resource(clusterBindingTo("flux-applier." + tenant + ".wide", "cluster-admin", tenant, "wide"))
                    .delete();
        }
    }

    @Test
    @Order(3)
    void aNamespaceApplierMayDoAnythingInItsNamespaceAndNothingElsewhere() {
        String applier = user(tenant, "flux-applier-web");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> allowed(applier, "create", "apps", "deployments", tenant));
        assertThat(allowed(applier, "create", "rbac.authorization.k8s.io", "roles", tenant)).isTrue();
        assertThat(allowed(applier, "create", "apps", "deployments", "kube-system")).isFalse();
        assertThat(allowed(applier, "create", "", "serviceaccounts/token", NAMESPACE)).isFalse();
        assertThat(allowed(applier, "get", "", "secrets", NAMESPACE)).isFalse();
        assertThat(allowed(applier, "create", "rbac.authorization.k8s.io", "clusterrolebindings", null)).isFalse();
        assertThat(allowed(applier, "create", "", "namespaces", null)).isFalse();
    }

    @Test
    @Order(4)
    void theControllerRunsItsWholeFlowUnderTheChartsRbac() throws Exception {
        Path log = RealKubeServer.repoRoot().resolve("integration-tests/target/tenancy-rbac/controller.log");
        Files.deleteIfExists(log);
        Map<String, String> env = Map.of("KUBERNETES_IMPERSONATE_USERNAME", user(NAMESPACE, CONTROLLER),
                "KUBERNETES_IMPERSONATE_GROUP", "system:serviceaccounts,system:serviceaccounts:" + NAMESPACE
                        + ",system:authenticated",
                "POD_NAMESPACE", NAMESPACE, "FLUXCONFIG_CONTROLLER_LEADER_ELECTION_ENABLED", "true",
                "FLUXCONFIG_CONTROLLER_LEADER_ELECTION_LEASE_NAME", "tenancy-rbac-" + tenant);
        String ns = "flow-" + UUID.randomUUID().toString().substring(0, 6);
        ensureNamespace(ns);
        try (AppProcess controller = AppProcess.start(RealKubeServer.get().kubeconfig(), log, env, List.of())) {
            controller.awaitReady(Duration.ofSeconds(90));
            FluxConfig narrow = TestConfigs.tutorial("narrow", ns);
            narrow.getSpec().setScope(ScopeType.NAMESPACE);
            admin.resource(narrow).create();
            admin.resource(TestConfigs.tutorial("wide", tenant)).create();

            FluxConfig done = await().atMost(Duration.ofSeconds(60)).until(
                    () -> admin.resources(FluxConfig.class).inNamespace(ns).withName("narrow").get(),
                    c -> c.getStatus() != null && c.getStatus().getProvisioningState() == ProvisioningState.SUCCEEDED);
            assertThat(done.getMetadata().getFinalizers()).isNotEmpty();
            assertThat(admin.rbac().roleBindings().inNamespace(ns).withName("flux-applier.narrow").get()).isNotNull();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                FluxConfig c = admin.resources(FluxConfig.class).inNamespace(tenant).withName("wide").get();
                return c.getStatus() != null && c.getStatus().getProvisioningState() == ProvisioningState.SUCCEEDED;
            });
            assertThat(admin.rbac().clusterRoleBindings().withName("flux-applier." + tenant + ".wide").get()).isNotNull();

            admin.resources(FluxConfig.class).inNamespace(ns).withName("narrow").delete();
            admin.resources(FluxConfig.class).inNamespace(tenant).withName("wide").delete();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> admin.resources(FluxConfig.class).inNamespace(ns).withName("narrow").get() == null
                            && admin.resources(FluxConfig.class).inNamespace(tenant).withName("wide").get() == null);
            assertThat(admin.rbac().clusterRoleBindings().withName("flux-applier." + tenant + ".wide").get()).isNull();
            assertThat(Files.readString(log)).as("no request of the controller was forbidden").doesNotContain("Forbidden")
                    .doesNotContain(" 403");
        } finally {
            admin.namespaces().withName(ns).delete();
        }
    }

    @Test
    @Order(5)
    void withClusterScopeOffTheControllerCannotMakeItselfClusterAdmin() {
        applyRbacAndWait(Map.of("tenancy.clusterScope", "false"), false);
        try (KubernetesClient controller = as(NAMESPACE, CONTROLLER)) {
            assertThat(allowed(user(NAMESPACE, CONTROLLER), "create", "rbac.authorization.k8s.io", "clusterrolebindings",
                    null)).isFalse();
            assertForbidden("controller binds cluster-admin to itself", () -> controller
                    .resource(clusterBindingTo("controller-admin-" + tenant, "cluster-admin", NAMESPACE, CONTROLLER))
                    .create());
            assertForbidden("controller binds cluster-admin to itself in its namespace", () -> controller
                    .resource(bindingTo(NAMESPACE, "controller-admin", "cluster-admin", NAMESPACE, CONTROLLER)).create());
            assertForbidden("controller binds cluster-admin to an applier", () -> controller
                    .resource(bindingTo(tenant, "flux-applier.x", "cluster-admin", tenant, "flux-applier-x")).create());
        } finally {
            applyRbacAndWait(Map.of(), true);
        }
    }
}
