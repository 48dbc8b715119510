package dev.fluxconfig.testkit;

import static dev.fluxconfig.model.FluxConfigConstants.*;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.FluxConfigSpec;
import dev.fluxconfig.model.v1alpha1.status.ComplianceState;
import dev.fluxconfig.testing.TestConfigs;

/**
 * Many FluxConfigs at once: up to {@code configs} of them, {@code perNamespace} to a namespace ({@code <prefix>-000} …),
 * each the tutorial's shape (a git source, {@code infra} and {@code apps} with {@code apps} depending on {@code infra})
 * but with a repository of its own that is not the tutorial's, so the Flux stand-in applies nothing but the
 * Kustomizations. With multi-tenancy on (the default) the controller generates per configuration a GitRepository, two
 * Kustomizations, a ClusterRoleBinding and its own applier ServiceAccount.
 * <p>
 * The fleet remembers which of its configurations it created and deleted: {@link Integrity} expects exactly those.
 */
public final class Fleet {

    private final String prefix;
    private final int configs;
    private final int perNamespace;
    private final List<Class<? extends HasMetadata>> generatedKinds;
    private final BitSet present = new BitSet();
    private boolean finalizerByCreator = true;

    /**
     * @param generatedKinds every kind the controller generates (the controller's {@code ChildKind.types()}): where
     *            {@link Integrity} looks for generated objects
     */
    public Fleet(String prefix, int configs, int perNamespace, List<Class<? extends HasMetadata>> generatedKinds) {
        this.prefix = prefix;
        this.configs = configs;
        this.perNamespace = perNamespace;
        this.generatedKinds = List.copyOf(generatedKinds);
    }

    /** Configurations are created without the finalizer, so the controller adds it (the agent and the CLI set it). */
    public Fleet finalizerByController() {
        finalizerByCreator = false;
        return this;
    }

    public String prefix() {
        return prefix;
    }

    public int size() {
        return configs;
    }

    public List<Class<? extends HasMetadata>> generatedKinds() {
        return generatedKinds;
    }

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

    /** The number of a configuration from its name, -1 for a name not of a fleet. */
    public static int index(String configName) {
        return configName != null && configName.matches("cfg-\\d+") ? Integer.parseInt(configName.substring(4)) : -1;
    }

    /** The generated objects of the configurations whose numbers match (by the controller's name label). */
    public static Predicate<HasMetadata> generatedFor(IntPredicate numbers) {
        return o -> {
            Map<String, String> labels = o.getMetadata().getLabels();
            return labels != null && labels.containsKey(LABEL_NAME) && numbers.test(index(labels.get(LABEL_NAME)));
        };
    }

    public boolean contains(String namespace) {
        return namespace != null && namespace.startsWith(prefix + "-");
    }

    /** Configuration number {@code i}, with the controller's finalizer unless {@link #finalizerByController()}. */
    public FluxConfig config(int i) {
        FluxConfig config = TestConfigs.tutorial(nameOf(i), namespaceOf(i));
        if (finalizerByCreator) {
            config.getMetadata().setFinalizers(new ArrayList<>(List.of(FINALIZER)));
        }
        FluxConfigSpec spec = config.getSpec();
        spec.getGitRepository().setUrl("https://example.com/fleet/" + prefix + "/repo-" + i + ".git");
        spec.setProtectedSettingsSecretRef(null);
        return config;
    }

    /** Number of objects the controller generates for the whole fleet. */
    public int generatedObjectCount() {
        return configs * 5;
    }

    /** Creates (or keeps) the fleet's namespaces. */
    public void createNamespaces(KubernetesClient client) {
        for (String ns : namespaces()) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                    .serverSideApply();
        }
    }

    /** Creates every configuration with {@code threads} parallel requests. */
    public void createConfigs(KubernetesClient client, int threads) {
        create(client, threads, 0, configs);
    }

    /** Creates configurations {@code from … to-1} with {@code threads} parallel requests, as many agents would. */
    public void create(KubernetesClient client, int threads, int from, int to) {
        parallel(threads, to - from, n -> {
            client.resource(config(from + n)).create();
            mark(from + n, true);
        });
    }

    /** Deletes configurations {@code from … to-1}; the controller removes their children, then its finalizer. */
    public void delete(KubernetesClient client, int threads, int from, int to) {
        parallel(threads, to - from, n -> {
            mark(from + n, false);
            client.resources(FluxConfig.class).inNamespace(namespaceOf(from + n)).withName(nameOf(from + n)).delete();
        });
    }

    /** Records configurations {@code from … to-1} as created by other means (tests of {@link Integrity} itself). */
    public synchronized Fleet created(int from, int to) {
        present.set(from, to);
        return this;
    }

    private synchronized void mark(int i, boolean exists) {
        present.set(i, exists);
    }

    /** The numbers of the configurations created and not deleted. */
    public synchronized List<Integer> expected() {
        return present.stream().boxed().toList();
    }

    public boolean exists(KubernetesClient client, int i) {
        return client.resources(FluxConfig.class).inNamespace(namespaceOf(i)).withName(nameOf(i)).get() != null;
    }

    /** The fleet's FluxConfigs as the API server has them, by namespace/name. */
    public Map<String, FluxConfig> liveConfigs(KubernetesClient client) {
        Map<String, FluxConfig> out = new TreeMap<>();
        client.resources(FluxConfig.class).inAnyNamespace().list().getItems().stream()
                .filter(c -> contains(c.getMetadata().getNamespace()))
                .forEach(c -> out.put(c.getMetadata().getNamespace() + "/" + c.getMetadata().getName(), c));
        return out;
    }

    /** The fleet's configurations Compliant at their current generation. */
    public long compliant(KubernetesClient client) {
        return liveConfigs(client).values().stream().filter(Fleet::compliantAndCurrent).count();
    }

    /** Counts of the fleet's configurations by compliance state ("none" for no status yet). */
    public Map<String, Long> complianceCounts(KubernetesClient client) {
        return liveConfigs(client).values().stream()
                .collect(Collectors.groupingBy(c -> c.getStatus() == null || c.getStatus().getComplianceState() == null
                        ? "none"
                        : c.getStatus().getComplianceState().value(), TreeMap::new, Collectors.counting()));
    }

    public long gitRepositories(KubernetesClient client) {
        return client.resources(GitRepository.class).inAnyNamespace().list().getItems().stream()
                .filter(g -> contains(g.getMetadata().getNamespace())).count();
    }

    public static boolean compliantAndCurrent(FluxConfig c) {
        return c.getStatus() != null && c.getStatus().getComplianceState() == ComplianceState.COMPLIANT
                && c.getMetadata().getGeneration() != null
                && c.getMetadata().getGeneration().equals(c.getStatus().getObservedGeneration());
    }

    /** Waits until {@link Integrity} finds nothing wrong; its report shows on timeout. */
    public void awaitConverged(KubernetesClient client, Duration timeout) {
        await("the fleet's " + expected().size() + " configurations converged").atMost(timeout)
                .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> Integrity.check(client, this));
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
        } catch (ExecutionException e) {
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
}
