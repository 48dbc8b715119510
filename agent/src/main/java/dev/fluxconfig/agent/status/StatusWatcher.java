package dev.fluxconfig.agent.status;

import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.runtime.StartupEvent;

import dev.fluxconfig.agent.apply.ManagedConfigs;
import dev.fluxconfig.model.v1alpha1.FluxConfig;

/** Sends a configuration's status to the {@code status-out} channel whenever its FluxConfig status or refusal changes. */
@ApplicationScoped
public class StatusWatcher {

    public static final String CHANNEL = "status-out";

    private final ManagedConfigs configs;
    private final StatusComposer composer;
    private final Emitter<StatusUpdate> out;

    @Inject
    public StatusWatcher(ManagedConfigs configs, StatusComposer composer,
            @Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096) Emitter<StatusUpdate> out) {
        this.configs = configs;
        this.composer = composer;
        this.out = out;
    }

    void start(@Observes StartupEvent event) {
        configs.addHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(FluxConfig obj) {
                if (obj.getStatus() != null) {
                    publish(obj.getMetadata().getName());
                }
            }

            @Override
            public void onUpdate(FluxConfig oldObj, FluxConfig newObj) {
                if (!Objects.equals(Serialization.asJson(oldObj.getStatus()), Serialization.asJson(newObj.getStatus()))
                        || !Objects.equals(oldObj.getSpec().getOperationId(), newObj.getSpec().getOperationId())) {
                    publish(newObj.getMetadata().getName());
                }
            }

            @Override
            public void onDelete(FluxConfig obj, boolean deletedFinalStateUnknown) {
                out.send(new StatusUpdate(obj.getMetadata().getName(), null));
            }
        });
    }

    /** Sends the current status of that configuration (nothing is sent when it has none). */
    public void publish(String name) {
        var status = composer.compose(name);
        if (status != null) {
            out.send(new StatusUpdate(name, status));
        }
    }
}
