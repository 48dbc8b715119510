package dev.fluxconfig.agent.apply;

import static dev.fluxconfig.model.FluxConfigConstants.*;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.fluxconfig.agent.dataplane.DataPlaneClient;
import dev.fluxconfig.agent.health.AgentHealth;
import dev.fluxconfig.model.v1alpha1.FluxConfig;

/**
 * The FluxConfigs this agent manages (label {@code app.kubernetes.io/managed-by=fluxconfig-agent}), in every namespace,
 * kept by one informer: the applier compares and deletes against it, the status watcher listens to it, and its watch
 * tells readiness whether the Kubernetes API is reachable.
 */
@ApplicationScoped
public class ManagedConfigs {

    private static final Logger LOG = Logger.getLogger(ManagedConfigs.class);

    private final KubernetesClient client;
    private final AgentHealth health;
    private final List<ResourceEventHandler<FluxConfig>> handlers = new CopyOnWriteArrayList<>();
    private volatile SharedIndexInformer<FluxConfig> informer;
    private volatile String lastError;

    @Inject
    public ManagedConfigs(KubernetesClient client, AgentHealth health) {
        this.client = client;
        this.health = health;
        health.dynamic(AgentHealth.KUBERNETES, this::problem);
    }

    void start(@Observes StartupEvent event) {
        SharedIndexInformer<FluxConfig> inf = client.resources(FluxConfig.class).inAnyNamespace()
                .withLabel(LABEL_MANAGED_BY, MANAGED_BY_AGENT).runnableInformer(0);
        inf.exceptionHandler((started, t) -> {
            String error = t instanceof KubernetesClientException k && k.getCode() == 404
                    ? "the FluxConfig CRD (" + CRD_NAME + ") is not installed"
                    : DataPlaneClient.describe(t);
            if (!error.equals(lastError)) {
                LOG.warnf("watching FluxConfigs failed, retrying: %s", error);
            }
            lastError = error;
            return true;
        });
        inf.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(FluxConfig obj) {
                handlers.forEach(h -> h.onAdd(obj));
            }

            @Override
            public void onUpdate(FluxConfig oldObj, FluxConfig newObj) {
                handlers.forEach(h -> h.onUpdate(oldObj, newObj));
            }

            @Override
            public void onDelete(FluxConfig obj, boolean deletedFinalStateUnknown) {
                handlers.forEach(h -> h.onDelete(obj, deletedFinalStateUnknown));
            }
        });
        informer = inf;
        inf.start().whenComplete((v, t) -> {
            if (t != null) {
                lastError = DataPlaneClient.describe(t);
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (informer != null) {
            informer.stop();
        }
    }

    public void addHandler(ResourceEventHandler<FluxConfig> handler) {
        handlers.add(handler);
    }

    /** Whether the cache holds the cluster's state, so that absence from it means absence from the cluster. */
    public boolean synced() {
        return informer != null && informer.hasSynced();
    }

    private String problem() {
        if (informer != null && informer.hasSynced() && informer.isWatching()) {
            return null;
        }
        String base = informer != null && informer.hasSynced()
                ? "the watch of FluxConfigs on the Kubernetes API is down"
                : "the FluxConfig informer has not synced with the Kubernetes API yet";
        return lastError == null ? base : base + ": " + lastError;
    }

    public Optional<FluxConfig> get(String namespace, String name) {
        return informer == null
                ? Optional.empty()
                : Optional.ofNullable(informer.getIndexer().getByKey(Cache.namespaceKeyFunc(namespace, name)));
    }

    /** The managed FluxConfig of that name, in whichever namespace (configuration names are unique on a cluster). */
    public Optional<FluxConfig> byName(String name) {
        return list().stream().filter(c -> name.equals(c.getMetadata().getName())).findFirst();
    }

    public List<FluxConfig> list() {
        return informer == null ? List.of() : informer.getIndexer().list();
    }
}
