package dev.fluxconfig.agent.testing;

import static dev.fluxconfig.model.FluxConfigConstants.FINALIZER;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import dev.fluxconfig.model.v1alpha1.FluxConfig;

/**
 * The controller's part in a deletion, for tests that run the agent without it: the agent's FluxConfigs carry the
 * controller's finalizer, so one being deleted goes only once this drops the finalizer (as the controller does after its
 * cleanup, with a plain patch).
 */
public final class FinalizerStandIn {

    private static SharedIndexInformer<FluxConfig> informer;

    private FinalizerStandIn() {
    }

    /** Starts it once per test JVM. */
    public static synchronized void start(KubernetesClient client) {
        if (informer != null) {
            return;
        }
        informer = client.resources(FluxConfig.class).inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(FluxConfig obj) {
                release(client, obj);
            }

            @Override
            public void onUpdate(FluxConfig oldObj, FluxConfig newObj) {
                release(client, newObj);
            }

            @Override
            public void onDelete(FluxConfig obj, boolean deletedFinalStateUnknown) {
            }
        });
    }

    private static void release(KubernetesClient client, FluxConfig config) {
        if (config.getMetadata().getDeletionTimestamp() == null || config.getMetadata().getFinalizers() == null
                || !config.getMetadata().getFinalizers().contains(FINALIZER)) {
            return;
        }
        try {
            client.resource(config).edit(c -> {
                c.getMetadata().getFinalizers().remove(FINALIZER);
                return c;
            });
        } catch (KubernetesClientException e) {
            // gone meanwhile, or changed: the next event brings it again
        }
    }
}
