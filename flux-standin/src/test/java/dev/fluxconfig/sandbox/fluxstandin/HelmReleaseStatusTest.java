package dev.fluxconfig.sandbox.fluxstandin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;

import dev.fluxconfig.model.flux.helm.HelmRelease;
import dev.fluxconfig.model.flux.helm.HelmReleaseSpec;
import dev.fluxconfig.model.flux.helm.HelmReleaseStatus;
import dev.fluxconfig.model.flux.helm.Snapshot;

class HelmReleaseStatusTest {

    static HelmRelease release(String releaseName, String target) {
        HelmRelease hr = new HelmRelease();
        hr.getMetadata().setName("nginx");
        hr.getMetadata().setNamespace("cluster-config");
        hr.getMetadata().setGeneration(1L);
        HelmReleaseSpec spec = new HelmReleaseSpec();
        spec.setReleaseName(releaseName);
        spec.setTargetNamespace(target);
        hr.setSpec(spec);
        return hr;
    }

    static Condition ready(HelmReleaseStatus s) {
        return Conditions.find(s.getConditions(), "Ready").orElseThrow();
    }

    @Test
    void firstReleaseIsAnInstallWithHistoryVersionOne() {
        HelmRelease hr = release("nginx-ingress-controller", "nginx");
        HelmReleaseStatus s = HelmReleaseReconciler.released(hr, "cluster-config/cluster-config-nginx", "ingress-nginx",
                "4.10.1", null);
        assertThat(s.getHelmChart()).isEqualTo("cluster-config/cluster-config-nginx");
        assertThat(s.getHistory()).singleElement().satisfies(h -> {
            assertThat(h.getVersion()).isEqualTo(1L);
            assertThat(h.getChartName()).isEqualTo("ingress-nginx");
            assertThat(h.getChartVersion()).isEqualTo("4.10.1");
            assertThat(h.getStatus()).isEqualTo("deployed");
            assertThat(h.getName()).isEqualTo("nginx-ingress-controller");
            assertThat(h.getNamespace()).isEqualTo("nginx");
        });
        assertThat(ready(s).getStatus()).isEqualTo("True");
        assertThat(ready(s).getReason()).isEqualTo("InstallSucceeded");
        assertThat(ready(s).getMessage()).isEqualTo(
                "Helm install succeeded for release nginx/nginx-ingress-controller.v1 with chart ingress-nginx@4.10.1");
        assertThat(Conditions.isTrue(s.getConditions(), "Released")).isTrue();
        assertThat(s.getLastAttemptedRevision()).isEqualTo("4.10.1");
        assertThat(s.getLastReleaseRevision()).isEqualTo(1L);
        assertThat(s.getFailures()).isZero();
        assertThat(s.getObservedGeneration()).isEqualTo(1L);
    }

    @Test
    void sameChartAgainChangesNothing() {
        HelmRelease hr = release(null, null);
        HelmReleaseStatus first = HelmReleaseReconciler.released(hr, "a/b", "c", "1.0.0", null);
        hr.setStatus(first);
        HelmReleaseStatus again = HelmReleaseReconciler.released(hr, "a/b", "c", "1.0.0", null);
        assertThat(again.getHistory()).hasSize(1);
        assertThat(again.getHistory().get(0).getName()).isEqualTo("nginx");
        assertThat(again.getHistory().get(0).getNamespace()).isEqualTo("cluster-config");
        assertThat(ready(again).getMessage()).isEqualTo(ready(first).getMessage());
    }

    @Test
    void newChartVersionIsAnUpgradeAndSupersedesTheOldRelease() {
        HelmRelease hr = release(null, "podinfo");
        hr.setStatus(HelmReleaseReconciler.released(hr, "a/b", "podinfo", "1.0.0", null));
        HelmReleaseStatus s = HelmReleaseReconciler.released(hr, "a/b", "podinfo", "1.1.0", null);
        assertThat(s.getHistory()).extracting(Snapshot::getVersion).containsExactly(2L, 1L);
        assertThat(s.getHistory()).extracting(Snapshot::getStatus).containsExactly("deployed", "superseded");
        assertThat(s.getHistory().get(0).getName()).isEqualTo("podinfo-nginx");
        assertThat(ready(s).getReason()).isEqualTo("UpgradeSucceeded");
        assertThat(ready(s).getMessage()).isEqualTo(
                "Helm upgrade succeeded for release podinfo/podinfo-nginx.v2 with chart podinfo@1.1.0");
        assertThat(s.getLastReleaseRevision()).isEqualTo(2L);
    }

    @Test
    void historyKeepsFiveReleases() {
        HelmRelease hr = release(null, null);
        for (int i = 0; i < 8; i++) {
            hr.setStatus(HelmReleaseReconciler.released(hr, "a/b", "c", "1." + i + ".0", null));
        }
        assertThat(hr.getStatus().getHistory()).extracting(Snapshot::getVersion).containsExactly(8L, 7L, 6L, 5L, 4L);
    }

    @Test
    void requestedFailureBeforeAnyReleaseIsAnInstallFailure() {
        HelmRelease hr = release("redis", "redis");
        HelmReleaseStatus s = HelmReleaseReconciler.released(hr, "a/b", "redis", "17.0.0", "boom");
        assertThat(ready(s).getStatus()).isEqualTo("False");
        assertThat(ready(s).getReason()).isEqualTo("InstallFailed");
        assertThat(ready(s).getMessage())
                .isEqualTo("Helm install failed for release redis/redis with chart redis@17.0.0: boom");
        assertThat(Conditions.isFalse(s.getConditions(), "Released")).isTrue();
        assertThat(s.getHistory()).isNull();
        assertThat(s.getFailures()).isEqualTo(1L);
        assertThat(s.getInstallFailures()).isEqualTo(1L);
    }

    @Test
    void requestedFailureAfterAReleaseIsAnUpgradeFailureAndHealingRestoresTheRelease() {
        HelmRelease hr = release("redis", "redis");
        HelmReleaseStatus ok = HelmReleaseReconciler.released(hr, "a/b", "redis", "17.0.0", null);
        hr.setStatus(ok);
        HelmReleaseStatus failed = HelmReleaseReconciler.released(hr, "a/b", "redis", "17.0.0", "boom");
        assertThat(ready(failed).getReason()).isEqualTo("UpgradeFailed");
        assertThat(failed.getUpgradeFailures()).isEqualTo(1L);
        assertThat(failed.getHistory()).hasSize(1);
        hr.setStatus(failed);
        HelmReleaseStatus healed = HelmReleaseReconciler.released(hr, "a/b", "redis", "17.0.0", null);
        assertThat(ready(healed).getReason()).isEqualTo("InstallSucceeded");
        assertThat(healed.getFailures()).isZero();
        assertThat(healed.getHistory()).hasSize(1);
    }

    @Test
    void releaseNameAndChartNameFollowFlux() {
        assertThat(HelmReleaseReconciler.releaseName(release(null, null))).isEqualTo("nginx");
        assertThat(HelmReleaseReconciler.releaseName(release(null, "web"))).isEqualTo("web-nginx");
        assertThat(HelmReleaseReconciler.releaseName(release("given", "web"))).isEqualTo("given");
        assertThat(HelmReleaseReconciler.releaseNamespace(release(null, null))).isEqualTo("cluster-config");
        assertThat(HelmReleaseReconciler.chartName(release(null, null))).isEqualTo("cluster-config-nginx");
        assertThat(HelmReleaseReconciler.chartNamespace(release(null, null))).isEqualTo("cluster-config");
    }
}
