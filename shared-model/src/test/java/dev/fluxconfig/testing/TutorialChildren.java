package dev.fluxconfig.testing;

import static dev.fluxconfig.model.FluxConfigConstants.ANNOTATION_USE_MANAGED_SOURCE;
import static dev.fluxconfig.model.FluxConfigConstants.LABEL_IS_MANAGED;
import static dev.fluxconfig.model.FluxConfigConstants.LABEL_MANAGED_BY;
import static dev.fluxconfig.model.FluxConfigConstants.LABEL_NAME;
import static dev.fluxconfig.model.FluxConfigConstants.LABEL_NAMESPACE;
import static dev.fluxconfig.model.FluxConfigConstants.LABEL_OPERATION_ID;
import static dev.fluxconfig.model.FluxConfigConstants.MANAGED_BY_CONTROLLER;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.v1alpha1.FluxConfig;

/**
 * What the controller writes for the tutorial's {@code cluster-config} ({@link TestConfigs#tutorial}), checked the same
 * way by the JVM tests and the native executable's: the GitRepository, the two Kustomizations, the applier
 * ServiceAccount and its cluster-admin binding.
 */
public final class TutorialChildren {

    private TutorialChildren() {
    }

    /** Asserts the children of the tutorial configuration {@code config} (named cluster-config) in {@code ns}. */
    public static void assertWritten(KubernetesClient client, String ns, FluxConfig config) {
        GitRepository repo = client.resources(GitRepository.class).inNamespace(ns).withName("cluster-config").get();
        assertThat(repo.getSpec().getUrl()).isEqualTo(TestConfigs.TUTORIAL_URL);
        assertThat(repo.getSpec().getRef().getBranch()).isEqualTo("main");
        assertThat(repo.getSpec().getInterval()).isEqualTo("10m0s");
        assertThat(repo.getMetadata().getLabels()).containsEntry(LABEL_IS_MANAGED, "true")
                .containsEntry(LABEL_NAME, "cluster-config").containsEntry(LABEL_NAMESPACE, ns)
                .containsEntry(LABEL_OPERATION_ID, config.getSpec().getOperationId())
                .containsEntry(LABEL_MANAGED_BY, MANAGED_BY_CONTROLLER);

        Kustomization infra = client.resources(Kustomization.class).inNamespace(ns).withName("cluster-config-infra").get();
        Kustomization apps = client.resources(Kustomization.class).inNamespace(ns).withName("cluster-config-apps").get();
        assertThat(infra.getSpec().getPath()).isEqualTo("./infrastructure");
        assertThat(infra.getSpec().getPrune()).isTrue();
        assertThat(infra.getSpec().getDependsOn()).isNull();
        assertThat(apps.getSpec().getPath()).isEqualTo("./apps/staging");
        assertThat(apps.getSpec().getPrune()).isTrue();
        assertThat(apps.getSpec().getDependsOn()).extracting(d -> d.getName()).containsExactly("cluster-config-infra");
        assertThat(apps.getSpec().getSourceRef().getKind()).isEqualTo("GitRepository");
        assertThat(apps.getSpec().getSourceRef().getName()).isEqualTo("cluster-config");
        assertThat(apps.getSpec().getInterval()).isEqualTo("10m0s");
        assertThat(apps.getSpec().getTimeout()).isEqualTo("10m0s");
        assertThat(apps.getSpec().getWait()).isTrue();
        assertThat(apps.getSpec().getServiceAccountName()).isEqualTo("flux-applier-cluster-config");
        assertThat(apps.getMetadata().getLabels()).containsEntry(LABEL_NAME, "cluster-config");
        // managed-source patch for annotated HelmReleases
        assertThat(apps.getSpec().getPatches()).singleElement().satisfies(p -> {
            assertThat(p.getTarget().getKind()).isEqualTo("HelmRelease");
            assertThat(p.getTarget().getAnnotationSelector()).isEqualTo(ANNOTATION_USE_MANAGED_SOURCE + "=true");
            assertThat(p.getPatch()).contains("/spec/chart/spec/sourceRef").contains("name: cluster-config")
                    .contains("namespace: " + ns);
        });

        // multi-tenancy (default on): the configuration's own applier, with cluster-admin for a cluster-scoped config
        ServiceAccount sa = client.serviceAccounts().inNamespace(ns).withName("flux-applier-cluster-config").get();
        assertThat(sa.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getName()).isEqualTo("cluster-config"));
        ClusterRoleBinding crb = client.rbac().clusterRoleBindings().withName("flux-applier." + ns + ".cluster-config").get();
        assertThat(crb.getRoleRef().getName()).isEqualTo("cluster-admin");
        assertThat(crb.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getNamespace()).isEqualTo(ns);
            assertThat(s.getName()).isEqualTo("flux-applier-cluster-config");
        });
    }
}
