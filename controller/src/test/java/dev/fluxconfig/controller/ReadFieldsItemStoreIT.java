package dev.fluxconfig.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

import dev.fluxconfig.controller.desired.KustomizationDesired;
import dev.fluxconfig.controller.desired.SourceDesired;
import dev.fluxconfig.model.compliance.ComplianceRollup;
import dev.fluxconfig.model.flux.common.SourceStatus;
import dev.fluxconfig.model.flux.helm.HelmRelease;
import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.kustomize.ResourceRef;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.flux.source.HelmChart;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.status.ComplianceState;
import dev.fluxconfig.model.v1alpha1.status.ObjectStatusDefinition;
import dev.fluxconfig.sandbox.fluxstandin.ScriptedStatus;
import dev.fluxconfig.testing.RealKube;
import dev.fluxconfig.testing.TestConfigs;
import dev.fluxconfig.testing.TestNamespace;

/**
 * Objects as the real API server returns them (managed fields, kubectl's last-applied annotation, Flux's full status with a
 * large inventory) give the same per-object statuses and compliance once {@link ReadFieldsItemStore} pruned them, and
 * the pruned copies are much smaller.
 */
@RealKube
class ReadFieldsItemStoreIT {

    @Test
    void aPrunedObjectGivesTheSameComplianceResult(KubernetesClient client, TestNamespace ns) throws Exception {
        ScriptedStatus flux = new ScriptedStatus(client);
        FluxConfig config = TestConfigs.tutorial("pruned", ns.name());
        config.getMetadata().setUid(UUID.randomUUID().toString());
        List<HasMetadata> generated = new ArrayList<>();
        generated.add(SourceDesired.desired(config, null, null));
        generated.addAll(KustomizationDesired.desired(config, true));
        for (HasMetadata o : generated) {
            // no owner (the configuration is not created, the garbage collector would remove them); kubectl's annotation
            o.getMetadata().setOwnerReferences(null);
            Map<String, String> annotations = new HashMap<>(o.getMetadata().getAnnotations() == null
                    ? Map.of()
                    : o.getMetadata().getAnnotations());
            annotations.put(ReadFieldsItemStore.LAST_APPLIED, Serialization.asJson(o));
            o.getMetadata().setAnnotations(annotations);
            client.resource(o).create();
        }
        GitRepository git = (GitRepository) generated.get(0);
        flux.gitRepositoryReady(ns.name(), git.getMetadata().getName());
        // one Kustomization applied 400 objects, one of them a HelmRelease
        String appliedBy = generated.get(1).getMetadata().getName();
        List<ResourceRef> inventory = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            inventory.add(new ResourceRef(ResourceRef.idOf(ns.name(), "cm-" + i, "", "ConfigMap"), "v1"));
        }
        inventory.add(200, flux.helmRelease(ns.name(), "podinfo", ns.name(), appliedBy));
        flux.kustomization(ns.name(), appliedBy, ScriptedStatus.ready("True", "ReconciliationSucceeded", "Applied"), inventory);
        flux.kustomizationReady(ns.name(), generated.get(2).getMetadata().getName());

        GitRepository rawGit = client.resources(GitRepository.class).inNamespace(ns.name())
                .withName(git.getMetadata().getName()).get();
        List<Kustomization> rawKs = client.resources(Kustomization.class).inNamespace(ns.name()).list().getItems();
        HelmRelease rawHr = client.resources(HelmRelease.class).inNamespace(ns.name()).withName("podinfo").get();
        HelmChart rawChart = client.resources(HelmChart.class).inNamespace(ns.name()).list().getItems().get(0);
        assertThat(rawKs).hasSize(2);
        assertThat(rawGit.getMetadata().getManagedFields()).as("the real server's managed fields").isNotEmpty();

        GitRepository git2 = ReadFieldsItemStore.prune(Serialization.clone(rawGit));
        HelmRelease hr2 = ReadFieldsItemStore.prune(Serialization.clone(rawHr));
        HelmChart chart2 = ReadFieldsItemStore.prune(Serialization.clone(rawChart));
        List<Kustomization> ks2 = rawKs.stream().map(k -> ReadFieldsItemStore.prune(Serialization.clone(k))).toList();

        // what the reconciler reads: the same statuses, the same source revision, the same compliance
        List<ObjectStatusDefinition> before = statuses(rawGit, rawKs, rawHr, rawChart);
        List<ObjectStatusDefinition> after = statuses(git2, ks2, hr2, chart2);
        assertThat(Serialization.asJson(after)).isEqualTo(Serialization.asJson(before));
        assertThat(before).hasSize(5);
        assertThat(ComplianceRollup.configState(after.stream().map(ObjectStatusDefinition::getComplianceState).toList()))
                .isEqualTo(ComplianceState.COMPLIANT);
        assertThat(Serialization.asJson(ObjectStatuses.helmReleaseProperties(hr2.getStatus())))
                .isEqualTo(Serialization.asJson(ObjectStatuses.helmReleaseProperties(rawHr.getStatus())));
        SourceStatus s1 = rawGit.getStatus();
        SourceStatus s2 = git2.getStatus();
        assertThat(s2.getArtifact().getRevision()).isEqualTo(s1.getArtifact().getRevision()).isNotBlank();
        assertThat(s2.getArtifact().getLastUpdateTime()).isEqualTo(s1.getArtifact().getLastUpdateTime()).isNotBlank();
        Kustomization fat = rawKs.stream().filter(k -> k.getMetadata().getName().equals(appliedBy)).findFirst().orElseThrow();
        Kustomization fatPruned = ks2.stream().filter(k -> k.getMetadata().getName().equals(appliedBy)).findFirst()
                .orElseThrow();
        assertThat(fatPruned.getStatus().getInventory().getEntries()).extracting(ResourceRef::getId)
                .containsExactly(ResourceRef.idOf(ns.name(), "podinfo", "helm.toolkit.fluxcd.io", "HelmRelease"));

        // what the up-to-date check reads is kept whole: spec, labels, owners, the object's own annotations
        ChildApplier applier = new ChildApplier(client, null, null);
        for (int i = 0; i < generated.size(); i++) {
            HasMetadata desired = generated.get(i);
            desired.getMetadata().getAnnotations().remove(ReadFieldsItemStore.LAST_APPLIED);
            HasMetadata pruned = i == 0
                    ? git2
                    : ks2.stream()
                            .filter(k -> k.getMetadata().getName().equals(desired.getMetadata().getName())).findFirst()
                            .orElseThrow();
            assertThat(applier.upToDate(desired, pruned)).as(desired.getMetadata().getName()).isTrue();
            assertThat(pruned.getMetadata().getAnnotations()).doesNotContainKey(ReadFieldsItemStore.LAST_APPLIED);
            assertThat(pruned.getMetadata().getManagedFields()).isNull();
        }

        // and the cached copy is a fraction of what the server sent
        int rawSize = Serialization.asJson(fat).length();
        int prunedSize = Serialization.asJson(fatPruned).length();
        assertThat(prunedSize).as("pruned %d of %d characters", prunedSize, rawSize).isLessThan(rawSize / 10);
        assertThat(fatPruned.getStatus().getHistory()).isNull();
        assertThat(fatPruned.getStatus().getLastAppliedRevision()).isNull();
        assertThat(git2.getStatus().getArtifact().getUrl()).isNull();
    }

    private static List<ObjectStatusDefinition> statuses(GitRepository git, List<Kustomization> ks, HelmRelease hr,
            HelmChart chart) {
        List<ObjectStatusDefinition> out = new ArrayList<>();
        out.add(ObjectStatuses.objectStatus("GitRepository", git.getMetadata().getName(), git.getMetadata().getNamespace(),
                git, git.getStatus(), git.getSpec().getSuspend(), null));
        for (Kustomization k : ks.stream().sorted((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName()))
                .toList()) {
            out.add(ObjectStatuses.objectStatus("Kustomization", k.getMetadata().getName(), k.getMetadata().getNamespace(),
                    k, k.getStatus(), k.getSpec().getSuspend(), null));
        }
        out.add(ObjectStatuses.objectStatus("HelmRelease", hr.getMetadata().getName(), hr.getMetadata().getNamespace(), hr,
                hr.getStatus(), hr.getSpec().getSuspend(), null));
        out.add(ObjectStatuses.objectStatus("HelmChart", chart.getMetadata().getName(), chart.getMetadata().getNamespace(),
                chart, chart.getStatus(), chart.getSpec().getSuspend(), null));
        return out;
    }
}
