package dev.fluxconfig.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.health.SmallRyeHealthReporter;

import dev.fluxconfig.model.crd.ProjectCrds;

/**
 * An informer that stops watching turns readiness DOWN, naming it and why, and readiness comes back when it watches again.
 * The honest way to stop one on a real API server: delete the CRD of a kind it watches (HelmChart), then install it again.
 * The CRD is installed again even when the test fails, so later tests in this JVM find it.
 */
@QuarkusTest
@QuarkusTestResource(value = RealKubeTestResource.class, restrictToAnnotatedClass = false)
class InformerReadinessIT {

    static final String HELMCHARTS_CRD = "helmcharts.source.toolkit.fluxcd.io";

    @Inject
    KubernetesClient client;

    @Inject
    @Readiness
    InformerReadiness readiness;

    @Inject
    SmallRyeHealthReporter health;

    String overall() {
        return health.getReadiness().getPayload().getString("status");
    }

    @Test
    void anInformerThatStopsWatchingTurnsReadinessDownUntilItWatchesAgain() {
        await().atMost(Duration.ofSeconds(60)).until(() -> readiness.call().getStatus() == HealthCheckResponse.Status.UP);
        assertThat(overall()).isEqualTo("UP");
        try {
            client.apiextensions().v1().customResourceDefinitions().withName(HELMCHARTS_CRD).delete();
            HealthCheckResponse down = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> readiness.call(), r -> r.getStatus() == HealthCheckResponse.Status.DOWN);
            assertThat(down.getName()).isEqualTo(InformerReadiness.NAME);
            assertThat(down.getData()).hasValueSatisfying(data -> assertThat(data).containsKey("helmcharts"));
            assertThat(String.valueOf(down.getData().get().get("helmcharts"))).contains("not watching");
            assertThat(overall()).isEqualTo("DOWN");
        } finally {
            ProjectCrds.install(client);
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> readiness.call().getStatus() == HealthCheckResponse.Status.UP);
        assertThat(overall()).isEqualTo("UP");
    }
}
