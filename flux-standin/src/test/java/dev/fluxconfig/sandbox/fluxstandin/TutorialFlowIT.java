package dev.fluxconfig.sandbox.fluxstandin;

import static dev.fluxconfig.sandbox.fluxstandin.Fixtures.awaitGone;
import static dev.fluxconfig.sandbox.fluxstandin.Fixtures.awaitObject;
import static dev.fluxconfig.sandbox.fluxstandin.Fixtures.isReady;
import static dev.fluxconfig.sandbox.fluxstandin.Fixtures.readyWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

import dev.fluxconfig.model.flux.helm.HelmRelease;
import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.kustomize.ResourceRef;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.flux.source.HelmChart;
import dev.fluxconfig.model.flux.source.HelmRepository;
import dev.fluxconfig.testing.RealKube;
import dev.fluxconfig.testing.TestNamespace;

/**
 * The tutorial's objects, made by hand as fluxconfig-controller would make them (GitRepository {@code cluster-config},
 * Kustomizations {@code cluster-config-infra} and {@code cluster-config-apps}, apps depending on infra), played on the real
 * API server: all become Ready, apps only after infra, the inventories and HelmReleases appear, and deletion prunes.
 */
@RealKube
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TutorialFlowIT {

    static final String CONFIG = "cluster-config";
    static final String INFRA = "cluster-config-infra";
    static final String APPS = "cluster-config-apps";

    static FluxStandIn standIn;
    static Watch watch;
    static final List<String> readyOrder = new CopyOnWriteArrayList<>();

    final KubernetesClient client;
    final String ns;

    TutorialFlowIT(KubernetesClient client, TestNamespace ns) {
        this.client = client;
        this.ns = ns.name();
    }

    @BeforeAll
    static void start(KubernetesClient client, TestNamespace ns) {
        standIn = FluxStandIn.builder(client).namespaces(ns.name()).start();
        watch = client.resources(Kustomization.class).inNamespace(ns.name()).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Kustomization k) {
                if (isReady(k) && !readyOrder.contains(k.getMetadata().getName())) {
                    readyOrder.add(k.getMetadata().getName());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }

    @AfterAll
    static void stop() {
        watch.close();
        standIn.close();
    }

    @Test
    @Order(1)
    void appsWaitsForInfraThenEverythingIsReadyWithInventories() {
        client.resource(Fixtures.gitRepository(ns, CONFIG, Fixtures.TUTORIAL_URL, "main")).create();
        client.resource(Fixtures.kustomization(ns, APPS, CONFIG, "./apps/staging", INFRA))
                .create();

        Kustomization waiting = awaitObject(client, Kustomization.class, ns, APPS,
                readyWith("False", "DependencyNotReady"), "apps waits for infra");
        assertThat(Fixtures.ready(waiting).orElseThrow().getMessage())
                .isEqualTo("dependency '" + ns + "/" + INFRA + "' is not ready");
        assertThat(client.resources(HelmRelease.class).inNamespace(ns).withName("podinfo").get()).isNull();

        client.resource(Fixtures.kustomization(ns, INFRA, CONFIG, "./infrastructure")).create();

        GitRepository git = awaitObject(client, GitRepository.class, ns, CONFIG, Fixtures::isReady, "source ready");
        String revision = git.getStatus().getArtifact().getRevision();
        assertThat(revision).matches("main@sha1:[0-9a-f]{40}");
        assertThat(Fixtures.ready(git).orElseThrow().getReason()).isEqualTo("Succeeded");
        assertThat(Fixtures.ready(git).orElseThrow().getMessage())
                .isEqualTo("stored artifact for revision '" + revision + "'");
        assertThat(Conditions.isTrue(git.getStatus().getConditions(), "ArtifactInStorage")).isTrue();
        assertThat(git.getStatus().getArtifact().getDigest()).matches("sha256:[0-9a-f]{64}");
        assertThat(git.getStatus().getArtifact().getLastUpdateTime()).isNotBlank();
        assertThat(git.getStatus().getArtifact().getUrl()).endsWith(".tar.gz");
        assertThat(git.getStatus().getObservedGeneration()).isEqualTo(git.getMetadata().getGeneration());

        Kustomization infra = awaitObject(client, Kustomization.class, ns, INFRA, Fixtures::isReady, "infra ready");
        Kustomization apps = awaitObject(client, Kustomization.class, ns, APPS, Fixtures::isReady, "apps ready");
        assertThat(readyOrder).containsExactly(INFRA, APPS);

        for (Kustomization k : List.of(infra, apps)) {
            assertThat(Fixtures.ready(k).orElseThrow().getReason()).isEqualTo("ReconciliationSucceeded");
            assertThat(Fixtures.ready(k).orElseThrow().getMessage()).isEqualTo("Applied revision: " + revision);
            assertThat(k.getStatus().getLastAppliedRevision()).isEqualTo(revision);
            assertThat(k.getStatus().getLastAttemptedRevision()).isEqualTo(revision);
            assertThat(k.getStatus().getObservedGeneration()).isEqualTo(k.getMetadata().getGeneration());
            assertThat(k.getMetadata().getFinalizers()).contains(FluxStandIn.FINALIZER);
        }
        assertThat(infra.getStatus().getInventory().getEntries()).extracting(ResourceRef::getId).contains(
                "_nginx__Namespace", "_redis__Namespace",
                ns + "_bitnami_source.toolkit.fluxcd.io_HelmRepository",
                ns + "_ingress-nginx_source.toolkit.fluxcd.io_HelmRepository",
                ns + "_podinfo_source.toolkit.fluxcd.io_HelmRepository",
                ns + "_nginx_helm.toolkit.fluxcd.io_HelmRelease",
                ns + "_redis_helm.toolkit.fluxcd.io_HelmRelease");
        assertThat(apps.getStatus().getInventory().getEntries()).extracting(ResourceRef::getId)
                .containsExactly("_podinfo__Namespace", ns + "_podinfo_helm.toolkit.fluxcd.io_HelmRelease");

        assertRelease("nginx", "nginx", "nginx-ingress-controller", "ingress-nginx", "4.10.1", INFRA);
        assertRelease("redis", "redis", "redis", "redis", "17.0.0", INFRA);
        assertRelease("podinfo", "podinfo", "podinfo", "podinfo", "1.0.0", APPS);

        for (String repo : List.of("bitnami", "ingress-nginx", "podinfo")) {
            HelmRepository r = awaitObject(client, HelmRepository.class, ns, repo, Fixtures::isReady, "repository " + repo);
            assertThat(r.getStatus().getArtifact().getRevision()).matches("sha256:[0-9a-f]{64}");
            assertThat(r.getMetadata().getLabels()).containsEntry(FluxStandIn.KUSTOMIZE_NAME_LABEL, INFRA);
        }
        for (String workload : List.of("nginx", "redis", "podinfo")) {
            assertThat(client.namespaces().withName(workload).get()).as("namespace " + workload).isNotNull();
        }
    }

    private void assertRelease(String name, String releaseNs, String releaseName, String chart, String version,
            String appliedBy) {
        HelmRelease hr = awaitObject(client, HelmRelease.class, ns, name, Fixtures::isReady, "release " + name);
        assertThat(hr.getMetadata().getLabels()).containsEntry(FluxStandIn.KUSTOMIZE_NAME_LABEL, appliedBy)
                .containsEntry(FluxStandIn.KUSTOMIZE_NAMESPACE_LABEL, ns);
        assertThat(hr.getSpec().getTargetNamespace()).isEqualTo(releaseNs);
        assertThat(Fixtures.ready(hr).orElseThrow().getReason()).isEqualTo("InstallSucceeded");
        assertThat(Fixtures.ready(hr).orElseThrow().getMessage()).isEqualTo("Helm install succeeded for release "
                + releaseNs + "/" + releaseName + ".v1 with chart " + chart + "@" + version);
        assertThat(Conditions.isTrue(hr.getStatus().getConditions(), "Released")).isTrue();
        assertThat(hr.getStatus().getHelmChart()).isEqualTo(ns + "/" + ns + "-" + name);
        assertThat(hr.getStatus().getHistory()).singleElement().satisfies(h -> {
            assertThat(h.getVersion()).isEqualTo(1L);
            assertThat(h.getChartName()).isEqualTo(chart);
            assertThat(h.getChartVersion()).isEqualTo(version);
            assertThat(h.getStatus()).isEqualTo("deployed");
            assertThat(h.getName()).isEqualTo(releaseName);
            assertThat(h.getNamespace()).isEqualTo(releaseNs);
        });
        assertThat(hr.getStatus().getLastAttemptedRevision()).isEqualTo(version);
        assertThat(hr.getStatus().getFailures()).isZero();
        HelmChart chartObject = awaitObject(client, HelmChart.class, ns, ns + "-" + name, Fixtures::isReady,
                "chart of " + name);
        assertThat(chartObject.getStatus().getArtifact().getRevision()).isEqualTo(version);
        assertThat(Fixtures.ready(chartObject).orElseThrow().getReason()).isEqualTo("ChartPullSucceeded");
    }

    @Test
    @Order(2)
    void deletingAPruningKustomizationDeletesWhatItApplied() {
        awaitObject(client, Kustomization.class, ns, APPS, Fixtures::isReady, "apps ready");
        client.resources(Kustomization.class).inNamespace(ns).withName(APPS).delete();
        awaitGone(client, Kustomization.class, ns, APPS);
        awaitGone(client, HelmRelease.class, ns, "podinfo");
        awaitGone(client, HelmChart.class, ns, ns + "-podinfo");
        assertNamespacePrunedUnlessOwnedElsewhere("podinfo", APPS);
        assertThat(client.resources(HelmRelease.class).inNamespace(ns).withName("nginx").get()).isNotNull();

        String redisValues = Inventories.redisValuesName();
        assertThat(client.configMaps().inNamespace(ns).withName(redisValues).get()).isNotNull();
        client.resources(Kustomization.class).inNamespace(ns).withName(INFRA).delete();
        awaitGone(client, Kustomization.class, ns, INFRA);
        for (String name : List.of("nginx", "redis")) {
            awaitGone(client, HelmRelease.class, ns, name);
            awaitGone(client, HelmChart.class, ns, ns + "-" + name);
            assertNamespacePrunedUnlessOwnedElsewhere(name, INFRA);
        }
        for (String repo : List.of("bitnami", "ingress-nginx", "podinfo")) {
            awaitGone(client, HelmRepository.class, ns, repo);
        }
        awaitGone(client, ConfigMap.class, ns, redisValues);
        assertThat(client.resources(GitRepository.class).inNamespace(ns).withName(CONFIG).get())
                .as("the source is not part of any inventory").isNotNull();
    }

    /** A workload namespace another test's Kustomization applied first is that one's to prune, not ours. */
    private void assertNamespacePrunedUnlessOwnedElsewhere(String name, String kustomization) {
        Namespace n = client.namespaces().withName(name).get();
        if (n == null || n.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        Map<String, String> labels = n.getMetadata().getLabels();
        boolean ours = labels != null && kustomization.equals(labels.get(FluxStandIn.KUSTOMIZE_NAME_LABEL))
                && ns.equals(labels.get(FluxStandIn.KUSTOMIZE_NAMESPACE_LABEL));
        assertThat(ours).as("namespace " + name + " was ours but was not pruned").isFalse();
    }
}
