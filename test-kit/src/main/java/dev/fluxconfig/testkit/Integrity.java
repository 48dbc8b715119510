package dev.fluxconfig.testkit;

import static dev.fluxconfig.model.FluxConfigConstants.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.spec.KustomizationDefinition;
import dev.fluxconfig.model.v1alpha1.spec.ScopeType;
import dev.fluxconfig.model.v1alpha1.status.ProvisioningState;
import dev.fluxconfig.model.validation.NameRules;

/**
 * What must hold for a {@link Fleet} once the controller has converged, however it got there (restarts, kills, injected
 * API errors), for configurations without credentials: exactly the configurations the fleet created and did not delete,
 * each Compliant and Succeeded at its current generation with the controller's finalizer once; per configuration exactly
 * the generated objects its spec asks for (names from the shared naming helpers: the applier ServiceAccount and its
 * binding, the source, one Kustomization per entry), each with the configuration's labels and only its controller owner
 * reference (none on cluster-scoped objects); no generated object whose configuration does not exist (orphans), none
 * half-deleted, and nothing else. The expectations are written here from the SPEC's names and labels, not computed by
 * the controller's own builders.
 */
public final class Integrity {

    private Integrity() {
    }

    /** Fails with every problem found (the first 30) when the fleet is not in the converged state. */
    public static void check(KubernetesClient client, Fleet fleet) {
        List<String> problems = problems(client, fleet);
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.size() + " integrity problems:\n  "
                    + problems.stream().limit(30).collect(Collectors.joining("\n  ")));
        }
    }

    /** What is wrong with the fleet on the API server now; empty when it has converged. */
    public static List<String> problems(KubernetesClient client, Fleet fleet) {
        List<FluxConfig> configs = client.resources(FluxConfig.class).inAnyNamespace().list().getItems();
        List<HasMetadata> generated = new ArrayList<>();
        for (Class<? extends HasMetadata> kind : fleet.generatedKinds()) {
            generated.addAll(client.resources(kind).inAnyNamespace().withLabel(LABEL_MANAGED_BY, MANAGED_BY_CONTROLLER)
                    .list().getItems());
        }
        return problems(fleet, configs, generated);
    }

    /**
     * What is wrong with these objects as the fleet's state: {@code configs} every FluxConfig, {@code generated} every
     * object labelled as managed by the controller; what is outside the fleet's namespaces is left alone.
     */
    public static List<String> problems(Fleet fleet, List<FluxConfig> configs, List<HasMetadata> generated) {
        List<String> problems = new ArrayList<>();
        Map<String, FluxConfig> live = new LinkedHashMap<>();
        for (FluxConfig c : configs) {
            if (fleet.contains(c.getMetadata().getNamespace())) {
                live.put(id(c), c);
            }
        }
        Set<String> wanted = new TreeSet<>();
        for (int i : fleet.expected()) {
            String id = fleet.namespaceOf(i) + "/" + Fleet.nameOf(i);
            wanted.add(id);
            if (!live.containsKey(id)) {
                problems.add("FluxConfig " + id + " is missing");
            }
        }
        for (FluxConfig c : live.values()) {
            if (!wanted.contains(id(c))) {
                problems.add("FluxConfig " + id(c) + " should not exist (deleted or not part of the fleet): "
                        + describe(c));
            } else {
                checkConfig(c, problems);
            }
        }

        // every generated object of the fleet, grouped by the configuration its labels name
        Map<String, Set<String>> byConfig = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (HasMetadata o : generated) {
            Map<String, String> labels = Objects.requireNonNullElse(o.getMetadata().getLabels(), Map.of());
            String ns = o.getMetadata().getNamespace();
            if (!fleet.contains(ns) && !fleet.contains(labels.get(LABEL_NAMESPACE))) {
                continue;
            }
            String key = key(o);
            if (!seen.add(key)) {
                problems.add(key + " listed twice");
            }
            if (o.getMetadata().getDeletionTimestamp() != null) {
                problems.add(key + " is still being deleted (finalizers " + o.getMetadata().getFinalizers() + ")");
            }
            String owner = labels.get(LABEL_NAMESPACE) + "/" + labels.get(LABEL_NAME);
            FluxConfig config = live.get(owner);
            if (config == null || !wanted.contains(owner)) {
                problems.add("orphan " + key + ": its configuration " + owner + " does not exist");
                continue;
            }
            byConfig.computeIfAbsent(owner, x -> new TreeSet<>()).add(key);
            checkChild(key, o, config, problems);
        }
        for (FluxConfig c : live.values()) {
            if (!wanted.contains(id(c))) {
                continue;
            }
            Set<String> want = expected(c);
            Set<String> have = byConfig.getOrDefault(id(c), Set.of());
            for (String w : want) {
                if (!have.contains(w)) {
                    problems.add("missing " + w + " of " + id(c));
                }
            }
            for (String h : have) {
                if (!want.contains(h)) {
                    problems.add("extra " + h + " of " + id(c) + ": its spec does not ask for it");
                }
            }
        }
        return problems;
    }

    private static void checkConfig(FluxConfig c, List<String> problems) {
        String id = "FluxConfig " + id(c);
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
        } else if (!Fleet.compliantAndCurrent(c) || s.getProvisioningState() != ProvisioningState.SUCCEEDED) {
            problems.add(id + " is not Compliant for its generation: " + describe(c));
        }
    }

    private static String describe(FluxConfig c) {
        var s = c.getStatus();
        if (s == null) {
            return "no status";
        }
        return s.getProvisioningState() + "/" + s.getComplianceState() + " at observedGeneration "
                + s.getObservedGeneration() + " (generation " + c.getMetadata().getGeneration() + ")"
                + (s.getConditions() == null || s.getConditions().isEmpty()
                        ? ""
                        : ": " + s.getConditions().get(0).getMessage());
    }

    /** "Kind namespace/name" of the generated objects a configuration without credentials asks for (multi-tenancy). */
    public static Set<String> expected(FluxConfig c) {
        String ns = c.getMetadata().getNamespace();
        String name = c.getMetadata().getName();
        Set<String> want = new TreeSet<>();
        want.add("ServiceAccount " + ns + "/" + applierServiceAccountName(name));
        if (c.getSpec().getScope() == ScopeType.NAMESPACE) {
            want.add("RoleBinding " + ns + "/" + applierRoleBindingName(name));
        } else {
            want.add("ClusterRoleBinding /" + applierClusterBindingName(ns, name));
        }
        want.add("GitRepository " + ns + "/" + sourceName(name));
        for (KustomizationDefinition k : c.getSpec().getKustomizations()) {
            want.add("Kustomization " + ns + "/" + kustomizationName(name, k.getName()));
        }
        return want;
    }

    /** The labels of SPEC item 3 on every generated object; operation-id only when it is a valid label value. */
    static Map<String, String> expectedLabels(FluxConfig c) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_IS_MANAGED, "true");
        labels.put(LABEL_NAME, c.getMetadata().getName());
        labels.put(LABEL_NAMESPACE, c.getMetadata().getNamespace());
        String op = c.getSpec().getOperationId();
        if (NameRules.isLabelValue(op)) {
            labels.put(LABEL_OPERATION_ID, op);
        }
        labels.put(LABEL_MANAGED_BY, MANAGED_BY_CONTROLLER);
        return labels;
    }

    private static void checkChild(String key, HasMetadata o, FluxConfig config, List<String> problems) {
        Map<String, String> labels = o.getMetadata().getLabels();
        expectedLabels(config).forEach((k, v) -> {
            if (!v.equals(labels.get(k))) {
                problems.add(key + ": label " + k + "=" + labels.get(k) + ", expected " + v);
            }
        });
        List<OwnerReference> owners = o.getMetadata().getOwnerReferences();
        if (o.getMetadata().getNamespace() == null) {
            if (owners != null && !owners.isEmpty()) {
                problems.add("wrong owner on " + key + ": a cluster-scoped object with owner references " + owners);
            }
        } else {
            OwnerReference only = owners == null || owners.size() != 1 ? null : owners.get(0);
            boolean ok = only != null && Objects.equals(only.getUid(), config.getMetadata().getUid())
                    && KIND.equals(only.getKind()) && API_VERSION.equals(only.getApiVersion())
                    && Objects.equals(only.getName(), config.getMetadata().getName())
                    && Boolean.TRUE.equals(only.getController());
            if (!ok) {
                problems.add("wrong owner on " + key + ": owner references " + owners
                        + ", expected only the controller reference to " + id(config) + " uid "
                        + config.getMetadata().getUid());
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

    private static String id(FluxConfig c) {
        return c.getMetadata().getNamespace() + "/" + c.getMetadata().getName();
    }

    /** "Kind namespace/name" of an object (no namespace for a cluster-scoped one). */
    public static String key(HasMetadata o) {
        return o.getClass().getSimpleName() + " " + Objects.toString(o.getMetadata().getNamespace(), "") + "/"
                + o.getMetadata().getName();
    }
}
