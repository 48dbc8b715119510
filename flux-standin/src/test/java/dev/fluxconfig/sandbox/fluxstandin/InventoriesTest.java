package dev.fluxconfig.sandbox.fluxstandin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.fluxconfig.model.flux.helm.HelmRelease;
import dev.fluxconfig.model.flux.kustomize.ResourceRef;

class InventoriesTest {

    static final String URL = "https://github.com/Azure/gitops-flux2-kustomize-helm-mt";

    @Test
    void recognisesTheTutorialRepositoryInItsSpellings() {
        assertThat(Inventories.isTutorial(URL)).isTrue();
        assertThat(Inventories.isTutorial(URL + ".git")).isTrue();
        assertThat(Inventories.isTutorial(URL + "/")).isTrue();
        assertThat(Inventories.isTutorial("ssh://git@github.com/Azure/gitops-flux2-kustomize-helm-mt.git")).isTrue();
        assertThat(Inventories.isTutorial("https://github.com/Azure/gitops-flux2-kustomize-helm-mt-fork")).isFalse();
        assertThat(Inventories.isTutorial("https://github.com/fluxcd/flux2-kustomize-helm-example")).isFalse();
        assertThat(Inventories.isTutorial(null)).isFalse();
    }

    @Test
    void normalisesPaths() {
        assertThat(Inventories.normalizePath("./infrastructure")).isEqualTo("infrastructure");
        assertThat(Inventories.normalizePath("./apps/staging/")).isEqualTo("apps/staging");
        assertThat(Inventories.normalizePath("./")).isEmpty();
        assertThat(Inventories.normalizePath(null)).isEmpty();
    }

    @Test
    void infrastructurePlaysTheTutorialObjects() {
        List<Inventories.Planned> plan = Inventories.plan("GitRepository", URL, "./infrastructure", "cluster-config-infra",
                "cluster-config", null);
        assertThat(plan).extracting(Inventories.Planned::id).containsExactly(
                "_nginx__Namespace",
                "_redis__Namespace",
                "cluster-config_bitnami_source.toolkit.fluxcd.io_HelmRepository",
                "cluster-config_ingress-nginx_source.toolkit.fluxcd.io_HelmRepository",
                "cluster-config_nginx_helm.toolkit.fluxcd.io_HelmRelease",
                "cluster-config_podinfo_source.toolkit.fluxcd.io_HelmRepository",
                "cluster-config_" + Inventories.redisValuesName() + "__ConfigMap",
                "cluster-config_redis_helm.toolkit.fluxcd.io_HelmRelease");
        assertThat(plan).allMatch(Inventories.Planned::create);
        assertThat(Inventories.redisValuesName()).matches("redis-values-[a-z0-9]{10}");

        HelmRelease nginx = (HelmRelease) plan.stream().filter(p -> p.id().contains("_nginx_helm")).findFirst().orElseThrow()
                .object();
        assertThat(nginx.getSpec().getTargetNamespace()).isEqualTo("nginx");
        assertThat(nginx.getSpec().getReleaseName()).isEqualTo("nginx-ingress-controller");
        assertThat(nginx.getSpec().getChart().getSpec().getChart()).isEqualTo("ingress-nginx");
        assertThat(nginx.getSpec().getChart().getSpec().getSourceRef().getName()).isEqualTo("ingress-nginx");
        assertThat(nginx.getSpec().getChart().getSpec().getSourceRef().getNamespace()).isEqualTo("cluster-config");
        assertThat(Inventories.entries(plan)).extracting(ResourceRef::getV).containsOnly("v1", "v2");
    }

    @Test
    void appsPlayPodinfo() {
        for (String path : List.of("./apps/staging", "apps/production/")) {
            List<Inventories.Planned> plan = Inventories.plan("GitRepository", URL, path, "cluster-config-apps",
                    "cluster-config", null);
            assertThat(plan).extracting(Inventories.Planned::id).containsExactly("_podinfo__Namespace",
                    "cluster-config_podinfo_helm.toolkit.fluxcd.io_HelmRelease");
        }
    }

    @Test
    void namespacedObjectsFollowTheKustomizationNamespaceOrItsTarget() {
        List<Inventories.Planned> plan = Inventories.plan("GitRepository", URL, "./apps/staging", "apps", "tenant-a", null);
        assertThat(plan.get(1).id()).isEqualTo("tenant-a_podinfo_helm.toolkit.fluxcd.io_HelmRelease");
        plan = Inventories.plan("GitRepository", URL, "./apps/staging", "apps", "tenant-a", "target");
        assertThat(plan.get(1).id()).isEqualTo("target_podinfo_helm.toolkit.fluxcd.io_HelmRelease");
    }

    @Test
    void otherRepositoriesAndPathsListOnePlaceholderThatIsNotCreated() {
        List<Inventories.Planned> other = Inventories.plan("GitRepository", "https://github.com/example/repo", "./deploy",
                "cfg-app", "team", null);
        assertThat(other).extracting(Inventories.Planned::id).containsExactly("team_cfg-app__ConfigMap");
        assertThat(other).noneMatch(Inventories.Planned::create);
        assertThat(Inventories.plan("GitRepository", URL, "./clusters/staging", "k", "ns", null))
                .extracting(Inventories.Planned::id).containsExactly("ns_k__ConfigMap");
        assertThat(Inventories.plan("Bucket", URL, "./infrastructure", "k", "ns", null)).hasSize(1);
    }
}
