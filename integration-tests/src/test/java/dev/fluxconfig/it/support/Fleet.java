package dev.fluxconfig.it.support;

import static dev.fluxconfig.model.FluxConfigConstants.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.fluxconfig.controller.ChildKind;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.FluxConfigSpec;
import dev.fluxconfig.model.v1alpha1.status.ComplianceState;
import dev.fluxconfig.testing.TestConfigs;

/**
 * Many FluxConfigs at once: {@code configs} of them, {@code perNamespace} to a namespace ({@code <prefix>-000} …), each the
 * tutorial's shape (a git source, {@code infra} and {@code apps} with {@code apps} depending on {@code infra}) but with a
 * repository of its own that is not the tutorial's, so the Flux stand-in applies nothing but the Kustomizations. With
 * multi-tenancy on (the default) the controller generates per configuration a GitRepository, two Kustomizations and a
 * ClusterRoleBinding, and its own applier ServiceAccount.
 */
public record Fleet(String prefix, int configs, int perNamespace) {

    public int namespaceCount() {
        return (configs + perNamespace - 1) / perNamespace;
    }

    public List<String> namespaces() {
        return IntStream.range(0, namespaceCount()).mapToObj(this::namespace).toList();
    }

    public String namespace(int n) {
        return String.format("%s-%03d", prefix, n);
    }

    public String namespaceOf(int i) {
        return namespace(i / perNamespace);
    }

    public static String nameOf(int i) {
        return String.format("cfg-%04d", i);
    }

    public boolean contains(String namespace) {
        return namespace != null && namespace.startsWith(prefix + "-");
    }

    /** Configuration number {@code i}, with the controller's finalizer as the agent and the CLI create them. */
    public FluxConfig config(int i) {
        FluxConfig config = TestConfigs.tutorial(nameOf(i), namespaceOf(i));
        config.getMetadata().setFinalizers(new ArrayList<>(List.of(FINALIZER)));
        FluxConfigSpec spec = config.getSpec();
        spec.getGitRepository().setUrl("https://example.com/fleet/" + prefix + "/repo-" + i + ".git");
        spec.setProtectedSettingsSecretRef(null);
        return config;
    }

    /** Number of objects the controller generates for the whole fleet. */
    public int generatedObjectCount() {
        return configs * 5;
    }

    /** "Kind namespace/name" of every object the controller should have generated. */
    public Set<String> expectedObjects() {
        Set<String> out = new TreeSet<>();
        for (int i = 0; i < configs; i++) {
            String ns = namespaceOf(i);
            String name = nameOf(i);
            out.add("ServiceAccount " + ns + "/flux-applier-" + name);
            out.add("ClusterRoleBinding /" + "flux-applier." + ns + "." + name);
            out.add("GitRepository " + ns + "/" + sourceName(name));
            out.add("Kustomization " + ns + "/" + kustomizationName(name, "infra"));
            out.add("Kustomization " + ns + "/" + kustomizationName(name, "apps"));
        }
        return out;
    }

    public void createNamespaces(KubernetesClient client) {
        for (String ns : namespaces()) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                    .create();
        }
    }

    /** Creates every configuration with {@code threads} parallel clients' worth of requests. */
    public void createConfigs(KubernetesClient client, int threads) {
        parallel(threads, configs, i -> client.resource(config(i)).create());
    }

    /** Runs {@code task(0 … count-1)} on {@code threads} threads; rethrows the first failure. */
    public static void parallel(int threads, int count, IntConsumer task) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> task.accept(n)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a parallel task failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
            try {
                pool.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The fleet's FluxConfigs as the API server has them, by name. */
    public Map<String, FluxConfig> liveConfigs(KubernetesClient client) {
        Map<String, FluxConfig> out = new LinkedHashMap<>();
        client.resources(FluxConfig.class).inAnyNamespace().list().getItems().stream()
                .filter(c -> contains(c.getMetadata().getNamespace()))
                .forEach(c -> out.put(c.getMetadata().getNamespace() + "/" + c.getMetadata().getName(), c));
        return out;
    }

    /** Counts of the fleet's configurations by compliance state ("none" for no status yet). */
    public Map<String, Long> complianceCounts(KubernetesClient client) {
        return liveConfigs(client).values().stream()
                .collect(Collectors.groupingBy(c -> c.getStatus() == null || c.getStatus().getComplianceState() == null
                        ? "none"
                        : c.getStatus().getComplianceState().value(), java.util.TreeMap::new, Collectors.counting()));
    }

    public boolean allCompliant(KubernetesClient client) {
        Map<String, FluxConfig> live = liveConfigs(client);
        return live.size() == configs && live.values().stream().allMatch(Fleet::compliantAndCurrent);
    }

    static boolean compliantAndCurrent(FluxConfig c) {
        return c.getStatus() != null && c.getStatus().getComplianceState() == ComplianceState.COMPLIANT
                && c.getMetadata().getGeneration().equals(c.getStatus().getObservedGeneration());
    }

    /**
     * What is wrong with the fleet now; empty when every configuration is Compliant for its current generation, carries
     * the finalizer once, and the generated objects are exactly the expected ones (nothing missing, nothing extra), each
     * owned by its live configuration (no owner reference to a configuration that does not exist, none twice).
     */
    public List<String> problems(KubernetesClient client) {
        List<String> problems = new ArrayList<>();
        Map<String, FluxConfig> live = liveConfigs(client);
        Map<String, String> uidByConfig = new HashMap<>();
        for (int i = 0; i < configs; i++) {
            String key = namespaceOf(i) + "/" + nameOf(i);
            FluxConfig c = live.remove(key);
            if (c == null) {
                problems.add("FluxConfig " + key + " is missing");
                continue;
            }
            uidByConfig.put(key, c.getMetadata().getUid());
            if (!compliantAndCurrent(c)) {
                problems.add("FluxConfig " + key + " is not Compliant for generation " + c.getMetadata().getGeneration()
                        + ": " + (c.getStatus() == null
                                ? "no status"
                                : c.getStatus().getComplianceState() + " observed " + c.getStatus().getObservedGeneration()
                                        + ", " + c.getStatus().getConditions()));
            }
            long finalizers = c.getMetadata().getFinalizers().stream().filter(FINALIZER::equals).count();
            if (finalizers != 1) {
                problems.add("FluxConfig " + key + " carries the finalizer " + finalizers + " times");
            }
        }
        live.keySet().forEach(k -> problems.add("FluxConfig " + k + " is not part of the fleet"));

        Set<String> expected = expectedObjects();
        Set<String> seen = new HashSet<>();
        for (Class<? extends HasMetadata> kind : ChildKind.types()) {
            for (HasMetadata o : client.resources(kind).inAnyNamespace()
                    .withLabel(LABEL_MANAGED_BY, MANAGED_BY_CONTROLLER).list().getItems()) {
                String ns = o.getMetadata().getNamespace();
                Map<String, String> labels = o.getMetadata().getLabels();
                String configNs = ns != null ? ns : labels.get(LABEL_NAMESPACE);
                if (!contains(configNs)) {
                    continue;
                }
                String id = o.getKind() + " " + (ns == null ? "" : ns) + "/" + o.getMetadata().getName();
                if (!seen.add(id)) {
                    problems.add(id + " listed twice");
                }
                if (!expected.contains(id)) {
                    problems.add(id + " should not exist (orphaned or unexpected)");
                    continue;
                }
                problems.addAll(ownerProblems(id, o, uidByConfig));
            }
        }
        expected.stream().filter(id -> !seen.contains(id)).forEach(id -> problems.add(id + " is missing"));
        return problems;
    }

    private List<String> ownerProblems(String id, HasMetadata o, Map<String, String> uidByConfig) {
        List<String> problems = new ArrayList<>();
        List<OwnerReference> owners = o.getMetadata().getOwnerReferences();
        String ns = o.getMetadata().getNamespace();
        String config = o.getMetadata().getLabels().get(LABEL_NAMESPACE) + "/"
                + o.getMetadata().getLabels().get(LABEL_NAME);
        String uid = uidByConfig.get(config);
        if (uid == null) {
            problems.add(id + " belongs to " + config + ", which does not exist");
        } else if (ns != null && (owners.size() != 1 || !uid.equals(owners.get(0).getUid()))) {
            problems.add(id + " is not owned by exactly its live configuration " + config + ": " + owners);
        }
        return problems;
    }
}
