package dev.fluxconfig.sandbox.fluxstandin;

import static dev.fluxconfig.sandbox.fluxstandin.Fixtures.awaitIdle;
import static dev.fluxconfig.sandbox.fluxstandin.Fixtures.awaitObject;
import static dev.fluxconfig.sandbox.fluxstandin.Fixtures.readyWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;

import dev.fluxconfig.model.flux.helm.HelmRelease;
import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.kustomize.ResourceRef;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.flux.source.HelmChart;
import dev.fluxconfig.testing.RealKube;
import dev.fluxconfig.testing.TestNamespace;

/**
 * A status written with {@link ScriptedStatus} on the real API server sticks while the stand-in runs: the stand-in does
 * not work scripted objects, even when asked to look at everything again, and plays Flux for the others.
 */
@RealKube
class ScriptedStatusIT {

    /** Not the tutorial's repository: the stand-in creates no HelmReleases for it. */
    static final String OTHER_URL = "https://github.com/example/app-manifests";

    @Test
    void aScriptedStatusSticksWhileTheStandInPlaysTheRest(KubernetesClient client, TestNamespace namespace) {
        String ns = namespace.name();
        client.resource(Fixtures.gitRepository(ns, "repo", OTHER_URL, "main")).create();
        client.resource(Fixtures.kustomization(ns, "infra", "repo", "./infrastructure")).create();
        client.resource(Fixtures.kustomization(ns, "apps", "repo", "./apps/staging", "infra")).create();
        try (FluxStandIn standIn = FluxStandIn.builder(client).namespaces(ns).finalizers(false).start()) {
            // the stand-in has made them Ready first: the script overwrites what it wrote
            awaitObject(client, Kustomization.class, ns, "apps", readyWith("True", "ReconciliationSucceeded"),
                    "apps made Ready by the stand-in");
            ScriptedStatus script = new ScriptedStatus(client);
            script.gitRepositoryReady(ns, "repo");
            ResourceRef podinfo = script.helmRelease(ns, "podinfo", ns, "apps");
            script.kustomization(ns, "apps", ScriptedStatus.ready("False", "HealthCheckFailed", "timeout waiting for podinfo"),
                    List.of(podinfo));

            // a new generation and a requeue of everything: the scripted objects are not touched, the others are worked
            client.resources(Kustomization.class).inNamespace(ns).withName("apps")
                    .edit(k -> {
                        k.getSpec().setInterval("5m0s");
                        return k;
                    });
            client.resources(Kustomization.class).inNamespace(ns).withName("infra")
                    .edit(k -> {
                        k.getSpec().setInterval("5m0s");
                        return k;
                    });
            standIn.requeueAll();
            Kustomization infra = awaitObject(client, Kustomization.class, ns, "infra",
                    k -> k.getStatus() != null && k.getStatus().getObservedGeneration() == 2L, "infra worked again");
            assertThat(infra.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getStatus()).isEqualTo("True"));
            awaitIdle(standIn);

            Kustomization apps = client.resources(Kustomization.class).inNamespace(ns).withName("apps").get();
            assertThat(apps.getMetadata().getAnnotations()).containsKey(ScriptedStatus.ANNOTATION);
            assertThat(apps.getStatus().getObservedGeneration()).as("the stand-in did not work it").isEqualTo(1L);
            assertThat(apps.getStatus().getConditions()).singleElement().satisfies(c -> {
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo("HealthCheckFailed");
                assertThat(c.getMessage()).isEqualTo("timeout waiting for podinfo");
            });
            assertThat(apps.getStatus().getInventory().getEntries()).extracting(ResourceRef::getId)
                    .containsExactly(podinfo.getId());

            GitRepository repo = client.resources(GitRepository.class).inNamespace(ns).withName("repo").get();
            assertThat(repo.getStatus().getArtifact().getRevision()).isEqualTo(ScriptedStatus.REVISION);
            assertThat(repo.getStatus().getArtifact().getLastUpdateTime()).isEqualTo(ScriptedStatus.ARTIFACT_TIME);

            HelmRelease hr = client.resources(HelmRelease.class).inNamespace(ns).withName("podinfo").get();
            assertThat(hr.getStatus().getHistory()).singleElement()
                    .satisfies(h -> assertThat(h.getChartVersion()).isEqualTo("1.2.3"));
            assertThat(hr.getStatus().getInstallFailures()).isEqualTo(1L);
            HelmChart chart = client.resources(HelmChart.class).inNamespace(ns).withName(ns + "-podinfo").get();
            assertThat(chart.getStatus().getConditions()).singleElement()
                    .satisfies(c -> assertThat(c.getReason()).isEqualTo("ChartPullSucceeded"));
        }
    }
}
