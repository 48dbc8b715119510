package dev.fluxconfig.controller;

import static dev.fluxconfig.controller.ControllerTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fluxconfig.model.FluxConfigConstants;
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
        String secret = FluxConfigConstants.authSecretName("cfg");
        client.resource(new SecretBuilder().withNewMetadata().withName(secret).withNamespace(ns).endMetadata()
                .withType("kubernetes.io/basic-auth").withStringData(Map.of("username", "u", "password", "p")).build())
                .create();
        double secretWritesBefore = writes("Secret", "apply");
        FluxConfig config = TestConfigs.tutorial("cfg", ns);
        // an ssh URL without a key: the controller generates a key pair into an Opaque <config>-auth Secret
        config.getSpec().getGitRepository().setUrl("ssh://git@github.com/org/repo");
        client.resource(config).create();
        FluxConfig failed = awaitConfig(client, ns, "cfg", c -> c.getStatus() != null
                && c.getStatus().getProvisioningState() == ProvisioningState.FAILED
                && c.getStatus().getErrorMessage() != null && c.getStatus().getErrorMessage().contains(secret));
        assertThat(failed.getStatus().getErrorMessage()).contains("refused").contains("immutable");
        assertThat(failed.getStatus().getConditions().get(0).getReason()).isEqualTo("ApplyRefused");

        double secretWrites = writes("Secret", "apply");
        double statusWrites = writes("FluxConfig", "status");
        String resourceVersion = get(client, ns, "cfg").getMetadata().getResourceVersion();
        // two resync periods inside the first backoff (10 s): the refused Secret is not sent again, the status not rewritten
        await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(500))
                .until(() -> writes("Secret", "apply") == secretWrites && writes("FluxConfig", "status") == statusWrites);
        assertThat(get(client, ns, "cfg").getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
        assertThat(secretWrites - secretWritesBefore).as("Secret applies so far").isLessThanOrEqualTo(2);

        // the obstacle goes: the next attempt (at the end of the backoff) succeeds
        client.secrets().inNamespace(ns).withName(secret).delete();
        awaitConfig(client, ns, "cfg", c -> c.getStatus().getProvisioningState() == ProvisioningState.SUCCEEDED);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var s = client.secrets().inNamespace(ns).withName(secret).get();
            return s != null && "Opaque".equals(s.getType());
        });
    }
}
