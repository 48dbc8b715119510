package dev.fluxconfig.sandbox.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.fluxconfig.model.compliance.ComplianceRollup;
import dev.fluxconfig.model.flux.common.FluxStatus;
import dev.fluxconfig.model.flux.helm.HelmRelease;
import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.v1alpha1.FluxConfig;

/** The tutorial's {@code kubectl get … -A} views, read from the cluster. */
public final class ClusterViews {

    private ClusterViews() {
    }

    public static String fluxConfigs(KubernetesClient client) {
        Instant now = Instant.now();
        List<List<String>> rows = new ArrayList<>();
        for (FluxConfig c : sorted(client.resources(FluxConfig.class).inAnyNamespace().list().getItems())) {
            rows.add(List.of(c.getMetadata().getNamespace(), c.getMetadata().getName(),
                    c.getSpec() == null || c.getSpec().getScope() == null ? "" : c.getSpec().getScope().value(),
                    c.getStatus() == null ? "" : nz(c.getStatus().getUrl()),
                    c.getStatus() == null || c.getStatus().getProvisioningState() == null
                            ? ""
                            : c.getStatus().getProvisioningState().value(),
                    c.getStatus() == null || c.getStatus().getComplianceState() == null
                            ? ""
                            : c.getStatus().getComplianceState().value(),
                    Tables.age(c.getMetadata().getCreationTimestamp(), now)));
        }
        return Tables.render(List.of("NAMESPACE", "NAME", "SCOPE", "URL", "PROVISION", "COMPLIANCE", "AGE"), rows);
    }

    public static String gitRepositories(KubernetesClient client) {
        Instant now = Instant.now();
        List<List<String>> rows = new ArrayList<>();
        for (GitRepository g : sorted(client.resources(GitRepository.class).inAnyNamespace().list().getItems())) {
            rows.add(List.of(g.getMetadata().getNamespace(), g.getMetadata().getName(), g.getSpec().getUrl(),
                    Tables.age(g.getMetadata().getCreationTimestamp(), now), ready(g.getStatus()), message(g.getStatus())));
        }
        return Tables.render(List.of("NAMESPACE", "NAME", "URL", "AGE", "READY", "STATUS"), rows);
    }

    public static String kustomizations(KubernetesClient client) {
        Instant now = Instant.now();
        List<List<String>> rows = new ArrayList<>();
        for (Kustomization k : sorted(client.resources(Kustomization.class).inAnyNamespace().list().getItems())) {
            rows.add(List.of(k.getMetadata().getNamespace(), k.getMetadata().getName(),
                    Tables.age(k.getMetadata().getCreationTimestamp(), now), ready(k.getStatus()), message(k.getStatus())));
        }
        return Tables.render(List.of("NAMESPACE", "NAME", "AGE", "READY", "STATUS"), rows);
    }

    public static String helmReleases(KubernetesClient client) {
        Instant now = Instant.now();
        List<List<String>> rows = new ArrayList<>();
        for (HelmRelease h : sorted(client.resources(HelmRelease.class).inAnyNamespace().list().getItems())) {
            rows.add(List.of(h.getMetadata().getNamespace(), h.getMetadata().getName(),
                    Tables.age(h.getMetadata().getCreationTimestamp(), now), ready(h.getStatus()), message(h.getStatus())));
        }
        return Tables.render(List.of("NAMESPACE", "NAME", "AGE", "READY", "STATUS"), rows);
    }

    private static <T extends HasMetadata> List<T> sorted(List<T> items) {
        return items.stream().sorted(Comparator.comparing((T x) -> x.getMetadata().getNamespace())
                .thenComparing(x -> x.getMetadata().getName())).toList();
    }

    static String ready(FluxStatus status) {
        return readyCondition(status).map(Condition::getStatus).orElse("Unknown");
    }

    static String message(FluxStatus status) {
        return readyCondition(status).map(Condition::getMessage).orElse("");
    }

    private static java.util.Optional<Condition> readyCondition(FluxStatus status) {
        return ComplianceRollup.find(status == null ? null : status.getConditions(), ComplianceRollup.READY);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
