package dev.fluxconfig.controller.resilience;

import static dev.fluxconfig.model.FluxConfigConstants.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.fluxconfig.controller.ChildKind;
import dev.fluxconfig.controller.desired.ApplierRbacDesired;
import dev.fluxconfig.controller.desired.ChildLabels;
import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.spec.KustomizationDefinition;
import dev.fluxconfig.model.v1alpha1.spec.ScopeType;
import dev.fluxconfig.model.v1alpha1.status.ProvisioningState;

/**
 * What must hold in the whole cluster once the controller has converged, however it got there (restarts, kills, injected
 * API errors), for configurations without credentials: every FluxConfig Compliant at its current generation with the
 * controller's finalizer; per configuration exactly the generated objects its spec asks for (names from the naming
 * helpers), each with the configuration's labels and owner reference; no generated object whose configuration does not exist (no orphans), none left
 * half-deleted, and nothing else.
 */
final class Integrity {

    private Integrity() {
    }

    /** Fails with every problem found (the first 30) when the cluster is not in the converged state. */
    static void check(KubernetesClient client, int expectedConfigs) {
        List<String> problems = problems(client, expectedConfigs);
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.size() + " integrity problems:\n  "
                    + problems.stream().limit(30).collect(Collectors.joining("\n  ")));
        }
    }

    static List<String> problems(KubernetesClient client, int expectedConfigs) {
        List<String> problems = new ArrayList<>();
        List<FluxConfig> configs = client.resources(FluxConfig.class).inAnyNamespace().list().getItems();
        if (configs.size() != expectedConfigs) {
            problems.add(configs.size() + " FluxConfigs exist, expected " + expectedConfigs);
        }
        Map<String, FluxConfig> byId = new HashMap<>();
        Set<String> uids = new HashSet<>();
        for (FluxConfig c : configs) {
            String id = c.getMetadata().getNamespace() + "/" + c.getMetadata().getName();
            byId.put(id, c);
            uids.add(c.getMetadata().getUid());
            checkConfig(id, c, problems);
        }

        // every generated object, grouped by the configuration its labels name
        Map<String, Set<String>> generated = new HashMap<>();
        for (Class<? extends HasMetadata> kind : ChildKind.types()) {
            for (HasMetadata o : client.resources(kind).inAnyNamespace().withLabel(LABEL_MANAGED_BY, MANAGED_BY_CONTROLLER)
                    .list().getItems()) {
                String key = key(kind, o);
                if (o.getMetadata().getDeletionTimestamp() != null) {
                    problems.add(key + " is still being deleted (finalizers " + o.getMetadata().getFinalizers() + ")");
                }
                Map<String, String> labels = o.getMetadata().getLabels();
                String owner = labels.get(LABEL_NAMESPACE) + "/" + labels.get(LABEL_NAME);
                FluxConfig config = byId.get(owner);
                if (config == null) {
                    problems.add("orphan " + key + ": configuration " + owner + " does not exist");
                    continue;
                }
                generated.computeIfAbsent(owner, x -> new TreeSet<>()).add(key);
                checkChild(key, o, config, problems);
            }
        }
        for (FluxConfig c : configs) {
            String id = c.getMetadata().getNamespace() + "/" + c.getMetadata().getName();
            Set<String> want = expected(c);
            Set<String> have = generated.getOrDefault(id, Set.of());
            if (!want.equals(have)) {
                Set<String> missing = new TreeSet<>(want);
                missing.removeAll(have);
                Set<String> extra = new TreeSet<>(have);
                extra.removeAll(want);
                problems.add(id + ": missing " + missing + ", unexpected " + extra);
            }
        }

        return problems;
    }

    private static void checkConfig(String id, FluxConfig c, List<String> problems) {
        if (c.getMetadata().getDeletionTimestamp() != null) {
            problems.add(id + " is still being deleted (finalizers " + c.getMetadata().getFinalizers() + ")");
            return;
        }
        if (!List.of(FINALIZER).equals(c.getMetadata().getFinalizers())) {
            problems.add(id + " has finalizers " + c.getMetadata().getFinalizers() + ", expected [" + FINALIZER + "]");
        }
        var s = c.getStatus();
        if (s == null) {
            problems.add(id + " has no status");
        } else if (!Fleet.isCompliant(c) || s.getProvisioningState() != ProvisioningState.SUCCEEDED) {
            problems.add(id + " is " + s.getProvisioningState() + "/" + s.getComplianceState() + " at observedGeneration "
                    + s.getObservedGeneration() + " (generation " + c.getMetadata().getGeneration() + "): "
                    + (s.getConditions().isEmpty() ? "" : s.getConditions().get(0).getMessage()));
        }
    }

    /** The generated objects a configuration without credentials asks for, multi-tenancy enforced. */
    static Set<String> expected(FluxConfig c) {
        String ns = c.getMetadata().getNamespace();
        String name = c.getMetadata().getName();
        Set<String> want = new TreeSet<>();
        want.add("ServiceAccount/" + ns + "/" + ApplierRbacDesired.serviceAccountName(name));
        if (c.getSpec().getScope() == ScopeType.NAMESPACE) {
            want.add("RoleBinding/" + ns + "/" + ApplierRbacDesired.roleBindingName(name));
        } else {
            want.add("ClusterRoleBinding//" + ApplierRbacDesired.clusterBindingName(c));
        }
        want.add("GitRepository/" + ns + "/" + sourceName(name));
        for (KustomizationDefinition k : c.getSpec().getKustomizations()) {
            want.add("Kustomization/" + ns + "/" + kustomizationName(name, k.getName()));
        }
        return want;
    }

    private static void checkChild(String key, HasMetadata o, FluxConfig config, List<String> problems) {
        Map<String, String> labels = o.getMetadata().getLabels();
        ChildLabels.of(config).forEach((k, v) -> {
            if (!v.equals(labels.get(k))) {
                problems.add(key + ": label " + k + "=" + labels.get(k) + ", expected " + v);
            }
        });
        List<OwnerReference> owners = o.getMetadata().getOwnerReferences();
        if (o.getMetadata().getNamespace() == null) {
            if (owners != null && !owners.isEmpty()) {
                problems.add(key + ": a cluster-scoped object with owner references " + owners);
            }
        } else {
            OwnerReference want = ChildLabels.ownerReference(config);
            boolean ok = owners != null && owners.size() == 1 && Objects.equals(owners.get(0).getUid(), want.getUid())
                    && Objects.equals(owners.get(0).getKind(), want.getKind())
                    && Objects.equals(owners.get(0).getApiVersion(), want.getApiVersion())
                    && Objects.equals(owners.get(0).getName(), want.getName())
                    && Boolean.TRUE.equals(owners.get(0).getController());
            if (!ok) {
                problems.add(key + ": owner references " + owners + ", expected only the controller reference to uid "
                        + want.getUid());
            }
        }
        if (o instanceof GitRepository g && !config.getSpec().getGitRepository().getUrl().equals(g.getSpec().getUrl())) {
            problems.add(key + ": url " + g.getSpec().getUrl() + ", expected " + config.getSpec().getGitRepository().getUrl());
        }
        if (o instanceof Kustomization k && (k.getSpec().getSourceRef() == null
                || !sourceName(config.getMetadata().getName()).equals(k.getSpec().getSourceRef().getName()))) {
            problems.add(key + ": sourceRef " + k.getSpec().getSourceRef() + ", expected GitRepository "
                    + sourceName(config.getMetadata().getName()));
        }
    }

    static String key(Class<?> kind, HasMetadata o) {
        return kind.getSimpleName() + "/" + Objects.toString(o.getMetadata().getNamespace(), "") + "/"
                + o.getMetadata().getName();
    }
}
