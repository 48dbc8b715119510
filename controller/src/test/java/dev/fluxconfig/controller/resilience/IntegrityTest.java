package dev.fluxconfig.controller.resilience;

import static dev.fluxconfig.model.FluxConfigConstants.LABEL_NAME;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;

import dev.fluxconfig.controller.ChildKind;
import dev.fluxconfig.controller.desired.ApplierRbacDesired;
import dev.fluxconfig.controller.desired.KustomizationDesired;
import dev.fluxconfig.controller.desired.SourceDesired;
import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.FluxConfigStatus;
import dev.fluxconfig.model.v1alpha1.spec.ScopeType;
import dev.fluxconfig.model.v1alpha1.status.ComplianceState;
import dev.fluxconfig.model.v1alpha1.status.ProvisioningState;
import dev.fluxconfig.testkit.Fleet;
import dev.fluxconfig.testkit.Integrity;

/**
 * The fleet's integrity check on a converged state built by the controller's own builders finds nothing, and names each
 * sort of damage done to one object: missing, extra, orphan, wrong owner, half-deleted, a configuration behind or
 * without its finalizer, one that should not exist.
 */
class IntegrityTest {

    static final int CONFIGS = 4;

    Fleet fleet;
    List<FluxConfig> configs;
    List<HasMetadata> generated;

    @BeforeEach
    void converged() {
        fleet = new Fleet("check", CONFIGS, 2, ChildKind.types()).created(0, CONFIGS);
        configs = new ArrayList<>();
        generated = new ArrayList<>();
        for (int i = 0; i < CONFIGS; i++) {
            FluxConfig config = fleet.config(i);
            config.getMetadata().setUid(UUID.randomUUID().toString());
            config.getMetadata().setGeneration(2L);
            FluxConfigStatus status = new FluxConfigStatus();
            status.setComplianceState(ComplianceState.COMPLIANT);
            status.setProvisioningState(ProvisioningState.SUCCEEDED);
            status.setObservedGeneration(2L);
            config.setStatus(status);
            configs.add(config);
            generated.add(ApplierRbacDesired.serviceAccount(config));
            generated.addAll(ApplierRbacDesired.grants(config, ApplierRbacDesired.CLUSTER_ROLE));
            generated.add(SourceDesired.desired(config, null, null));
            generated.addAll(KustomizationDesired.desired(config, true));
        }
    }

    List<String> problems() {
        return Integrity.problems(fleet, configs, generated);
    }

    HasMetadata one(Class<?> kind, int config, Predicate<String> name) {
        return generated.stream()
                .filter(o -> kind.isInstance(o) && o.getMetadata().getLabels().get(LABEL_NAME).equals(Fleet.nameOf(config))
                        && name.test(o.getMetadata().getName()))
                .findFirst().orElseThrow();
    }

    @Test
    void theControllersOwnObjectsPass() {
        assertThat(generated).hasSize(fleet.generatedObjectCount());
        assertThat(problems()).isEmpty();
    }

    @Test
    void aMissingObjectIsNamed() {
        generated.remove(one(Kustomization.class, 1, n -> n.endsWith("-apps")));
        assertThat(problems()).containsExactly("missing Kustomization check-000/cfg-0001-apps of check-000/cfg-0001");
    }

    @Test
    void anExtraObjectIsNamed() {
        // a cluster-scoped configuration has a ClusterRoleBinding, never a RoleBinding
        FluxConfig config = configs.get(2);
        RoleBinding binding = (RoleBinding) ApplierRbacDesired.grants(copyWithScopeNamespace(config), "some-role").get(0);
        generated.add(binding);
        assertThat(problems())
                .containsExactly("extra RoleBinding check-001/flux-applier.cfg-0002 of check-001/cfg-0002: its spec does"
                        + " not ask for it");
    }

    @Test
    void anOrphanIsNamed() {
        // a source left behind by configuration 7, which the fleet never created
        FluxConfig gone = fleet.config(7);
        gone.getMetadata().setUid(UUID.randomUUID().toString());
        generated.add(SourceDesired.desired(gone, null, null));
        assertThat(problems())
                .containsExactly(
                        "orphan GitRepository check-003/cfg-0007: its configuration check-003/cfg-0007 does not exist");
    }

    @Test
    void anObjectOfADeletedConfigurationIsAnOrphan() {
        fleet = new Fleet("check", CONFIGS, 2, ChildKind.types()).created(0, CONFIGS - 1);
        configs.remove(3);
        assertThat(problems()).hasSize(5)
                .allMatch(p -> p.startsWith("orphan ") && p.endsWith("its configuration check-001/cfg-0003 does not exist"));
    }

    @Test
    void aWrongOwnerIsNamed() {
        HasMetadata account = one(ServiceAccount.class, 0, n -> true);
        account.getMetadata().getOwnerReferences().get(0).setUid(configs.get(1).getMetadata().getUid());
        assertThat(problems()).singleElement().asString()
                .startsWith("wrong owner on ServiceAccount check-000/flux-applier-cfg-0000: owner references");
    }

    @Test
    void anOwnerReferenceOnAClusterScopedObjectIsNamed() {
        HasMetadata binding = one(ClusterRoleBinding.class, 3, n -> true);
        binding.getMetadata().setOwnerReferences(List.of(ApplierRbacDesired.serviceAccount(configs.get(3)).getMetadata()
                .getOwnerReferences().get(0)));
        assertThat(problems()).singleElement().asString()
                .startsWith("wrong owner on ClusterRoleBinding /flux-applier.check-001.cfg-0003: a cluster-scoped object");
    }

    @Test
    void aHalfDeletedObjectIsNamed() {
        one(GitRepository.class, 2, n -> true).getMetadata().setDeletionTimestamp("2026-12-05T00:00:00Z");
        assertThat(problems()).singleElement().asString().startsWith("GitRepository check-001/cfg-0002 is still being deleted");
    }

    @Test
    void aWrongLabelIsNamed() {
        HasMetadata k = one(Kustomization.class, 0, n -> n.endsWith("-infra"));
        Map<String, String> labels = new TreeMap<>(k.getMetadata().getLabels());
        labels.remove("clusterconfig.azure.com/is-managed");
        k.getMetadata().setLabels(labels);
        assertThat(problems()).containsExactly(
                "Kustomization check-000/cfg-0000-infra: label clusterconfig.azure.com/is-managed=null, expected true");
    }

    @Test
    void aConfigurationBehindItsGenerationOrWithoutFinalizerIsNamed() {
        configs.get(0).getStatus().setObservedGeneration(1L);
        configs.get(1).getMetadata().setFinalizers(List.of());
        assertThat(problems()).hasSize(2).anyMatch(p -> p.startsWith("FluxConfig check-000/cfg-0000 is not Compliant"))
                .anyMatch(p -> p.startsWith("FluxConfig check-000/cfg-0001 has finalizers []"));
    }

    @Test
    void aConfigurationTheFleetDidNotCreateIsNamed() {
        fleet = new Fleet("check", CONFIGS, 2, ChildKind.types()).created(0, CONFIGS - 1);
        List<String> problems = problems();
        assertThat(problems).anyMatch(p -> p.startsWith("FluxConfig check-001/cfg-0003 should not exist"));
        assertThat(problems).filteredOn(p -> p.startsWith("orphan ")).hasSize(5);
    }

    @Test
    void objectsOutsideTheFleetAreLeftAlone() {
        FluxConfig other = new Fleet("other", 1, 1, ChildKind.types()).config(0);
        other.getMetadata().setUid(UUID.randomUUID().toString());
        configs.add(other);
        generated.add(SourceDesired.desired(other, null, null));
        assertThat(problems()).isEmpty();
    }

    static FluxConfig copyWithScopeNamespace(FluxConfig config) {
        FluxConfig copy = new Fleet("check", CONFIGS, 2, ChildKind.types()).config(Fleet.index(config.getMetadata().getName()));
        copy.getMetadata().setUid(config.getMetadata().getUid());
        copy.getSpec().setScope(ScopeType.NAMESPACE);
        return copy;
    }
}
