package dev.fluxconfig.controller;

import static dev.fluxconfig.controller.ControllerTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fluxconfig.controller.desired.ApplierRbacDesired;
import dev.fluxconfig.controller.desired.ChildLabels;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.status.ProvisioningState;
import dev.fluxconfig.testing.TestConfigs;

/**
 * A child the real API server refuses (here: the auth Secret, whose type is immutable, already exists with another type) is
 * reported once and sent again only after a backoff, not at every resync (3 s in tests); once the obstacle is gone, the
 * next attempt succeeds.
 */
@QuarkusTest
@QuarkusTestResource(value = RealKubeTestResource.class, restrictToAnnotatedClass = false)
class RefusedWriteIT {

    @Inject
    KubernetesClient client;

    @Inject
    MeterRegistry registry;

    double writes(String kind, String operation) {
        return registry.find("fluxconfig.controller.writes").tags("kind", kind, "operation", operation).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    @Test
    void aRefusedChildIsReportedOnceAndRetriedWithBackoff() {
        String ns = namespace(client, "refused");
        FluxConfig config = TestConfigs.tutorial("cfg", ns);
        // in the way of the cluster-scoped configuration's ClusterRoleBinding: one that carries this configuration's
        // ownership marks (so it is no ownership conflict) but another roleRef, which the API server never lets change
        String binding = ApplierRbacDesired.clusterBindingName(config);
        client.resource(new ClusterRoleBindingBuilder().withNewMetadata().withName(binding)
                .withLabels(ChildLabels.of(config)).endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "view").build()).create();
        double writesBefore = writes("ClusterRoleBinding", "apply");
        client.resource(config).create();
        FluxConfig failed = awaitConfig(client, ns, "cfg", c -> c.getStatus() != null
                && c.getStatus().getProvisioningState() == ProvisioningState.FAILED
                && c.getStatus().getErrorMessage() != null && c.getStatus().getErrorMessage().contains(binding));
        assertThat(failed.getStatus().getErrorMessage()).contains("refused").contains("roleRef");
        assertThat(failed.getStatus().getConditions().get(0).getReason()).isEqualTo("ApplyRefused");

        double bindingWrites = writes("ClusterRoleBinding", "apply");
        double statusWrites = writes("FluxConfig", "status");
        String resourceVersion = get(client, ns, "cfg").getMetadata().getResourceVersion();
        // two resync periods inside the first backoff (10 s): the refused binding is not sent again, the status not rewritten
        await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(500))
                .until(() -> writes("ClusterRoleBinding", "apply") == bindingWrites
                        && writes("FluxConfig", "status") == statusWrites);
        assertThat(get(client, ns, "cfg").getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
        assertThat(bindingWrites - writesBefore).as("ClusterRoleBinding applies so far").isLessThanOrEqualTo(2);

        // the obstacle goes: the next attempt (at the end of the backoff) succeeds
        client.rbac().clusterRoleBindings().withName(binding).delete();
        awaitConfig(client, ns, "cfg", c -> c.getStatus().getProvisioningState() == ProvisioningState.SUCCEEDED);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var b = client.rbac().clusterRoleBindings().withName(binding).get();
            return b != null && ApplierRbacDesired.CLUSTER_ROLE.equals(b.getRoleRef().getName());
        });
        client.resource(config).delete();
    }
}
