package dev.fluxconfig.agent.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.fluxconfig.agent.dataplane.DesiredState;
import dev.fluxconfig.agent.health.AgentHealth;
import dev.fluxconfig.agent.metrics.AgentMetrics;
import dev.fluxconfig.agent.status.StatusComposer;
import dev.fluxconfig.agent.status.StatusWatcher;
import dev.fluxconfig.model.dataplane.DesiredConfiguration;
import dev.fluxconfig.model.v1alpha1.FluxConfig;

/**
 * The entries of one desired list are applied in parallel, at most the configured number at once, and one slow, failing
 * or crashing entry (an {@link Error}) neither holds nor stops the others; what each entry came to lands in the ledger.
 */
class ParallelApplyTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** An in-memory cluster whose FluxConfig applies run {@code onApply} first, on the applier's worker. */
    static final class Cluster {
        final Map<String, FluxConfig> stored = new ConcurrentHashMap<>();
        final Map<String, Map<String, String>> secrets = new ConcurrentHashMap<>();
        final List<String> published = java.util.Collections.synchronizedList(new ArrayList<>());
        final Ledger ledger = new Ledger();
        final DesiredStateApplier applier;

        Cluster(int concurrency, Consumer<String> onApply) {
            AgentMetrics metrics = new AgentMetrics(new SimpleMeterRegistry());
            ManagedConfigs configs = new ManagedConfigs(null, new AgentHealth()) {
                @Override
                public boolean synced() {
                    return true;
                }

                @Override
                public Optional<FluxConfig> get(String namespace, String name) {
                    return Optional.ofNullable(stored.get(name)).map(Serialization::clone);
                }

                @Override
                public List<FluxConfig> list() {
                    return stored.values().stream().map(Serialization::clone).toList();
                }
            };
            ClusterWriter writer = new ClusterWriter(null, metrics) {
                @Override
                public void ensureNamespace(String namespace) {
                }

                @Override
                public FluxConfig read(String namespace, String name) {
                    return null;
                }

                @Override
                public Secret secret(String namespace, String name) {
                    return null;
                }

                @Override
                public void dryRun(FluxConfig desired, boolean exists) {
                }

                @Override
                public FluxConfig apply(FluxConfig desired, boolean exists) {
                    onApply.accept(desired.getMetadata().getName());
                    FluxConfig copy = Serialization.clone(desired);
                    copy.getMetadata().setUid(desired.getMetadata().getName() + "-uid");
                    stored.put(desired.getMetadata().getName(), copy);
                    return copy;
                }

                @Override
                public void applySecret(String configName, String namespace, String name, Map<String, String> settings,
                        FluxConfig owner, boolean exists) {
                    secrets.put(name, Map.copyOf(settings));
                }

                @Override
                public void warn(HasMetadata involved, String reason, String message) {
                }

                @Override
                public void delete(FluxConfig config) {
                    stored.remove(config.getMetadata().getName());
                }
            };
            StatusComposer composer = new StatusComposer(configs, ledger);
            StatusWatcher watcher = new StatusWatcher(configs, composer, null) {
                @Override
                public void publish(String name) {
                    published.add(name);
                }
            };
            applier = new DesiredStateApplier(configs, writer, ledger, watcher, JSON, metrics, concurrency);
        }
    }

    static DesiredState list(String... names) throws Exception {
        List<DesiredState.Entry> entries = new ArrayList<>();
        for (String name : names) {
            DesiredConfiguration c = JSON.readValue("""
                    {"name":"%s","operationId":"op-1","correlationId":"corr-%s","version":1,
                     "properties":{"namespace":"apps","scope":"cluster","sourceKind":"GitRepository",
                       "gitRepository":{"url":"https://github.com/example/%s","repositoryRef":{"branch":"main"}},
                       "kustomizations":{"infra":{"path":"./infrastructure"}}}}""".formatted(name, name, name),
                    DesiredConfiguration.class);
            entries.add(new DesiredState.Entry(name, "apps", c, List.of()));
        }
        return new DesiredState("\"1\"", entries, true);
    }

    @Test
    void aSlowEntryDoesNotHoldTheOthers() throws Exception {
        CountDownLatch othersApplied = new CountDownLatch(3);
        AtomicInteger slowSawOthers = new AtomicInteger(-1);
        Cluster cluster = new Cluster(4, name -> {
            if (name.equals("slow")) {
                try {
                    // the slow entry's API call lasts until the others are through, or 10 s
                    slowSawOthers.set(othersApplied.await(10, TimeUnit.SECONDS) ? 1 : 0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                othersApplied.countDown();
            }
        });

        cluster.applier.apply(list("slow", "a", "b", "c"));

        assertThat(slowSawOthers).as("the other entries were applied while the slow one was still at it").hasValue(1);
        assertThat(cluster.stored).containsOnlyKeys("slow", "a", "b", "c");
        assertThat(cluster.ledger.all()).isEmpty();
    }

    @Test
    void aFailingOrCrashingEntryDoesNotStopTheOthers() throws Exception {
        Cluster cluster = new Cluster(3, name -> {
            if (name.equals("crashes")) {
                throw new StackOverflowError();
            }
            if (name.equals("fails")) {
                throw new KubernetesClientException("the API server is on fire", 500, null);
            }
        });

        assertThatThrownBy(() -> cluster.applier.apply(list("crashes", "a", "fails", "b", "c", "d")))
                .isInstanceOf(DesiredStateApplier.ApplyException.class)
                .hasMessageContaining("apps/fails: KubernetesClientException").hasMessageNotContaining("apps/a");

        assertThat(cluster.stored).containsOnlyKeys("a", "b", "c", "d");
        // an Error is reported as the configuration's failure (and the list goes on); an API failure is tried again
        assertThat(cluster.ledger.all()).containsOnlyKeys("crashes");
        assertThat(cluster.ledger.get("crashes").message())
                .contains("could not handle this configuration (StackOverflowError)");
        assertThat(cluster.published).containsExactly("crashes");
    }

    @Test
    void atMostTheConfiguredNumberAtOnce() throws Exception {
        AtomicInteger active = new AtomicInteger();
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        // applies meet in pairs: with two workers every pair meets, one after the other
        CyclicBarrier pairs = new CyclicBarrier(2);
        Cluster cluster = new Cluster(2, name -> {
            seen.add(active.incrementAndGet());
            try {
                pairs.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("no second apply ran beside " + name, e);
            } finally {
                active.decrementAndGet();
            }
        });

        cluster.applier.apply(list("a", "b", "c", "d", "e", "f"));

        assertThat(cluster.stored).hasSize(6);
        assertThat(seen).as("applies running at once").containsOnly(1, 2);
    }

    @Test
    void aRefusalAndItsHeldSettingsLiveInOneRecordUntilAVersionIsApplied() throws Exception {
        Cluster cluster = new Cluster(2, name -> {
        });
        String version = """
                {"name":"held","operationId":"op-%d","correlationId":"corr-1","version":%d,
                 "properties":{"namespace":"apps","scope":"cluster","sourceKind":"GitRepository",
                   "gitRepository":{"url":"https://github.com/example/held","httpsUser":"git",
                     "repositoryRef":{"branch":"main"}},
                   "kustomizations":{"infra":{"path":"%s"}}%s}}""";
        // the protected settings come once, with a version that is refused
        DesiredConfiguration bad = JSON.readValue(version.formatted(1, 1, "../outside",
                ",\"configurationProtectedSettings\":{\"httpsKey\":\"c2VjcmV0\"}"), DesiredConfiguration.class);
        DesiredConfiguration good = JSON.readValue(version.formatted(2, 2, "./infrastructure", ""),
                DesiredConfiguration.class);

        cluster.applier.apply(new DesiredState("\"1\"", List.of(new DesiredState.Entry("held", "apps", bad, List.of())), true));

        assertThat(cluster.stored).isEmpty();
        assertThat(cluster.ledger.get("held")).isNotNull();
        assertThat(cluster.ledger.heldSettings("held")).containsKey("httpsKey");

        cluster.applier
                .apply(new DesiredState("\"2\"", List.of(new DesiredState.Entry("held", "apps", good, List.of())), true));

        assertThat(cluster.stored).as("%s", cluster.ledger.all()).containsOnlyKeys("held");
        assertThat(cluster.secrets).containsOnlyKeys("held-protected-parameters");
        assertThat(cluster.secrets.get("held-protected-parameters")).containsKey("httpsKey");
        assertThat(cluster.ledger.get("held")).isNull();
        assertThat(cluster.ledger.heldSettings("held")).isNull();
        assertThat(cluster.published).containsExactly("held", "held");
    }
}
