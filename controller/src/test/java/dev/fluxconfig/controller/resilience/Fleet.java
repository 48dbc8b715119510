package dev.fluxconfig.controller.resilience;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.fluxconfig.model.FluxConfigConstants;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.status.ComplianceState;
import dev.fluxconfig.testing.TestConfigs;

/** Many tutorial-shaped configurations (two kustomizations each), spread over a few namespaces. */
final class Fleet {

    static final int NAMESPACES = 10;

    private final KubernetesClient client;
    private final String prefix;

    Fleet(KubernetesClient client, String prefix) {
        this.client = client;
        this.prefix = prefix;
    }

    String namespace(int i) {
        return prefix + "-" + (i % NAMESPACES);
    }

    static String name(int i) {
        return "cfg-" + i;
    }

    /** The index of a configuration from its name. */
    static int index(String configName) {
        return configName.startsWith("cfg-") ? Integer.parseInt(configName.substring(4)) : -1;
    }

    /** The objects generated for the configurations whose names match (by the controller's name label). */
    static Predicate<HasMetadata> configs(Predicate<String> configNames) {
        return o -> {
            Map<String, String> labels = o.getMetadata().getLabels();
            return labels != null && labels.containsKey(FluxConfigConstants.LABEL_NAME)
                    && configNames.test(labels.get(FluxConfigConstants.LABEL_NAME));
        };
    }

    void createNamespaces() {
        for (String ns : namespaces()) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                    .serverSideApply();
        }
    }

    List<String> namespaces() {
        List<String> all = IntStream.range(0, NAMESPACES).mapToObj(this::namespace).toList();
        return all;
    }

    /** Creates configurations from..to-1 with 8 parallel requests, as many agents would. */
    void create(int from, int to) throws Exception {
        parallel(from, to, i -> {
            FluxConfig fc = TestConfigs.tutorial(name(i), namespace(i));
            fc.getSpec().getGitRepository().setUrl("https://example.com/fleet/repo-" + i);
            client.resource(fc).create();
        });
    }

    void delete(int from, int to) throws Exception {
        parallel(from, to, i -> client.resources(FluxConfig.class).inNamespace(namespace(i)).withName(name(i)).delete());
    }

    boolean exists(int i) {
        return client.resources(FluxConfig.class).inNamespace(namespace(i)).withName(name(i)).get() != null;
    }

    /** Configurations Compliant at their current generation. */
    long compliant() {
        return client.resources(FluxConfig.class).inAnyNamespace().list().getItems().stream().filter(Fleet::isCompliant)
                .count();
    }

    static boolean isCompliant(FluxConfig c) {
        return c.getStatus() != null && c.getStatus().getComplianceState() == ComplianceState.COMPLIANT
                && c.getMetadata().getGeneration().equals(c.getStatus().getObservedGeneration());
    }

    long gitRepositories() {
        return client.resources(GitRepository.class).inAnyNamespace().list().getItems().size();
    }

    /** Waits until every configuration is Compliant; counts and the integrity report show on timeout. */
    void awaitConverged(int expected, Duration timeout) {
        await("all " + expected + " configurations Compliant").atMost(timeout).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> Integrity.check(client, expected));
    }

    private static void parallel(int from, int to, java.util.function.IntConsumer work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = from; i < to; i++) {
                int index = i;
                futures.add(pool.submit(() -> work.accept(index)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
