package dev.fluxconfig.agent.testing;

import static dev.fluxconfig.model.FluxConfigConstants.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.fluxconfig.agent.apply.ClusterWriter;
import dev.fluxconfig.agent.apply.DesiredStateApplier;
import dev.fluxconfig.agent.apply.Ledger;
import dev.fluxconfig.agent.apply.ManagedConfigs;
import dev.fluxconfig.agent.health.AgentHealth;
import dev.fluxconfig.agent.metrics.AgentMetrics;
import dev.fluxconfig.agent.status.StatusComposer;
import dev.fluxconfig.agent.status.StatusWatcher;
import dev.fluxconfig.model.v1alpha1.FluxConfig;

/**
 * The agent's real {@link DesiredStateApplier}, {@link Ledger} and {@link StatusComposer} over an in-memory cluster:
 * every write, Secret and deletion is recorded, and writes the API server would refuse for their size (etcd's 1.5 MiB
 * request limit, a Secret's 1 MiB of data) fail as they would there.
 */
public final class MemoryAgent {

    /** etcd's default request size limit. */
    public static final int ETCD_LIMIT = 1_572_864;
    /** The API server's limit on a Secret's data. */
    public static final int SECRET_LIMIT = 1 << 20;

    // the applier handles the entries of a list in parallel
    public final Map<String, FluxConfig> configs = Collections.synchronizedMap(new LinkedHashMap<>());
    public final Map<String, Map<String, String>> secrets = Collections.synchronizedMap(new LinkedHashMap<>());
    /** Every FluxConfig written, as written. */
    public final List<FluxConfig> writes = Collections.synchronizedList(new ArrayList<>());
    public final List<String> deletes = Collections.synchronizedList(new ArrayList<>());
    public final List<String> published = Collections.synchronizedList(new ArrayList<>());
    public final Ledger rejections = new Ledger();
    public final StatusComposer composer;
    public final DesiredStateApplier applier;
    private static final AgentMetrics METRICS = new AgentMetrics(new SimpleMeterRegistry());
    /** One pool for every instance: property tests make thousands. */
    private static final java.util.concurrent.ExecutorService WORKERS = DesiredStateApplier.workers(4);

    public MemoryAgent() {
        Configs managed = new Configs();
        composer = new StatusComposer(managed, rejections);
        applier = new DesiredStateApplier(managed, new Writer(), rejections, new Watcher(managed, composer),
                new ObjectMapper(), METRICS, WORKERS);
    }

    static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    /** As the fabric8 client does before any request. */
    static void requireNamespace(String namespace) {
        if (namespace == null || namespace.isEmpty()) {
            throw new KubernetesClientException("namespace not specified for an operation requiring one.");
        }
    }

    private static FluxConfig copy(FluxConfig c) {
        return Serialization.clone(c);
    }

    private final class Configs extends ManagedConfigs {
        Configs() {
            super(null, new AgentHealth());
        }

        @Override
        public boolean synced() {
            return true;
        }

        @Override
        public Optional<FluxConfig> get(String namespace, String name) {
            return Optional.ofNullable(configs.get(key(namespace, name))).map(MemoryAgent::copy);
        }

        @Override
        public List<FluxConfig> list() {
            synchronized (configs) {
                return configs.values().stream().map(MemoryAgent::copy).toList();
            }
        }
    }

    private final class Writer extends ClusterWriter {
        Writer() {
            super(null, METRICS);
        }

        @Override
        public void ensureNamespace(String namespace) {
        }

        @Override
        public FluxConfig read(String namespace, String name) {
            requireNamespace(namespace);
            return Optional.ofNullable(configs.get(key(namespace, name))).map(MemoryAgent::copy).orElse(null);
        }

        @Override
        public FluxConfig apply(FluxConfig desired, boolean exists) {
            requireNamespace(desired.getMetadata().getNamespace());
            if (Serialization.asJson(desired).getBytes(StandardCharsets.UTF_8).length > ETCD_LIMIT) {
                throw new KubernetesClientException("etcdserver: request is too large", 500, null);
            }
            FluxConfig stored = copy(desired);
            String key = key(desired.getMetadata().getNamespace(), desired.getMetadata().getName());
            FluxConfig old = configs.get(key);
            stored.getMetadata().setUid(old != null ? old.getMetadata().getUid() : UUID.randomUUID().toString());
            configs.put(key, stored);
            writes.add(copy(stored));
            return copy(stored);
        }

        @Override
        public Secret secret(String namespace, String name) {
            requireNamespace(namespace);
            Map<String, String> data = secrets.get(key(namespace, name));
            if (data == null) {
                return null;
            }
            Map<String, String> encoded = new LinkedHashMap<>();
            data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
            String config = name.substring(0, name.length() - protectedSettingsSecretName("").length());
            FluxConfig owner = configs.get(key(namespace, config));
            SecretBuilder secret = new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                    .addToLabels(LABEL_MANAGED_BY, MANAGED_BY_AGENT).addToLabels(LABEL_NAME, config).endMetadata()
                    .withData(encoded);
            if (owner != null) {
                secret.editMetadata().addNewOwnerReference().withUid(owner.getMetadata().getUid()).endOwnerReference()
                        .endMetadata();
            }
            return secret.build();
        }

        @Override
        public void applySecret(String configName, String namespace, String name, Map<String, String> settings,
                FluxConfig owner, boolean exists) {
            long size = settings.values().stream().mapToLong(v -> v.getBytes(StandardCharsets.UTF_8).length).sum();
            if (size > SECRET_LIMIT) {
                throw new KubernetesClientException("Secret \"" + name + "\" is invalid: data: Too long", 422, null);
            }
            secrets.put(key(namespace, name), new LinkedHashMap<>(settings));
        }

        @Override
        public void dryRun(FluxConfig desired, boolean exists) {
            requireNamespace(desired.getMetadata().getNamespace());
        }

        @Override
        public void warn(HasMetadata involved, String reason, String message) {
        }

        @Override
        public void delete(FluxConfig config) {
            String key = key(config.getMetadata().getNamespace(), config.getMetadata().getName());
            deletes.add(key);
            configs.remove(key);
            // the protected Secret is owned by its FluxConfig: the garbage collector takes it too
            secrets.remove(
                    key(config.getMetadata().getNamespace(), protectedSettingsSecretName(config.getMetadata().getName())));
        }
    }

    private final class Watcher extends StatusWatcher {
        Watcher(ManagedConfigs managed, StatusComposer composer) {
            super(managed, composer, null);
        }

        @Override
        public void publish(String name) {
            published.add(name);
        }
    }
}
