package dev.fluxconfig.model.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.FluxConfigStatus;
import dev.fluxconfig.model.v1alpha1.status.ComplianceState;
import dev.fluxconfig.model.v1alpha1.status.ProvisioningState;
import dev.fluxconfig.testing.RealKube;
import dev.fluxconfig.testing.TestConfigs;
import dev.fluxconfig.testing.TestNamespace;

/** What the in-memory mock server cannot do, proven on the real API server. */
@RealKube
class RealApiServerIT {

    @Test
    void serverSideApplyCreatesANewFluxConfig(KubernetesClient client, TestNamespace ns) {
        FluxConfig config = TestConfigs.tutorial("ssa-create", ns.name());
        FluxConfig applied = client.resource(config).fieldManager("fluxconfig-test").forceConflicts().serverSideApply();
        assertThat(applied.getMetadata().getUid()).isNotBlank();
        assertThat(applied.getMetadata().getManagedFields()).anyMatch(f -> f.getManager().equals("fluxconfig-test")
                && f.getOperation().equals("Apply"));
        // a second apply of the same object is a no-op: same resourceVersion
        FluxConfig again = client.resource(TestConfigs.tutorial("ssa-create", ns.name())).fieldManager("fluxconfig-test")
                .forceConflicts().serverSideApply();
        assertThat(again.getMetadata().getResourceVersion()).isEqualTo(applied.getMetadata().getResourceVersion());
    }

    @Test
    void statusGoesThroughTheSubresourceOnly(KubernetesClient client, TestNamespace ns) {
        FluxConfig created = client.resource(TestConfigs.tutorial("status-sub", ns.name())).create();
        long generation = created.getMetadata().getGeneration();

        FluxConfig withStatus = TestConfigs.tutorial("status-sub", ns.name());
        FluxConfigStatus status = new FluxConfigStatus();
        status.setComplianceState(ComplianceState.PENDING);
        status.setProvisioningState(ProvisioningState.SUCCEEDED);
        status.setObservedGeneration(generation);
        withStatus.setStatus(status);
        // server-side apply of the status subresource, as the controller does
        client.resource(withStatus).subresource("status").patch(new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager("fluxconfig-controller").withForce(true).build());

        FluxConfig read = client.resources(FluxConfig.class).inNamespace(ns.name()).withName("status-sub").get();
        assertThat(read.getStatus().getComplianceState()).isEqualTo(ComplianceState.PENDING);
        assertThat(read.getMetadata().getGeneration()).as("status writes do not bump generation").isEqualTo(generation);

        // a status sent with a main-resource update is ignored by the server
        read.getStatus().setComplianceState(ComplianceState.COMPLIANT);
        read.getSpec().setSuspend(true);
        FluxConfig updated = client.resource(read).update();
        assertThat(updated.getMetadata().getGeneration()).isEqualTo(generation + 1);
        assertThat(updated.getStatus().getComplianceState()).isEqualTo(ComplianceState.PENDING);
    }

    @Test
    void aFinalizerHoldsDeletionUntilRemoved(KubernetesClient client, TestNamespace ns) {
        FluxConfig config = TestConfigs.tutorial("finalized", ns.name());
        config.getMetadata().setFinalizers(List.of("clusterconfig.azure.com/test-finalizer"));
        client.resource(config).create();
        client.resources(FluxConfig.class).inNamespace(ns.name()).withName("finalized").delete();

        FluxConfig terminating = client.resources(FluxConfig.class).inNamespace(ns.name()).withName("finalized").get();
        assertThat(terminating).isNotNull();
        assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotBlank();

        client.resources(FluxConfig.class).inNamespace(ns.name()).withName("finalized")
                .edit(fc -> {
                    fc.getMetadata().setFinalizers(List.of());
                    return fc;
                });
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.resources(FluxConfig.class).inNamespace(ns.name()).withName("finalized").get() == null);
    }

    @Test
    void ownedChildrenAreGarbageCollected(KubernetesClient client, TestNamespace ns) {
        FluxConfig owner = client.resource(TestConfigs.tutorial("owner", ns.name())).create();
        ConfigMap child = new ConfigMapBuilder().withNewMetadata().withName("owned-child").withNamespace(ns.name())
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion())
                        .withKind(owner.getKind()).withName(owner.getMetadata().getName())
                        .withUid(owner.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata().addToData("k", "v").build();
        client.resource(child).create();

        client.resource(owner).delete();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> client.configMaps().inNamespace(ns.name()).withName("owned-child").get() == null);
    }
}
