package dev.fluxconfig.controller;

import java.util.Set;

import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;

import dev.fluxconfig.model.v1alpha1.FluxConfig;

/**
 * Lets the reconcile of one configuration ask for the reconcile of another of its namespace: a generated-name collision
 * must show on both, and clear on both, whichever of the two changed.
 */
final class PeerTrigger extends AbstractEventSource<Void, FluxConfig> {

    PeerTrigger() {
        super(Void.class, "peers");
    }

    void reconcile(FluxConfig peer) {
        if (isRunning()) {
            getEventHandler().handleEvent(new Event(ResourceID.fromResource(peer)));
        }
    }

    @Override
    public Set<Void> getSecondaryResources(FluxConfig primary) {
        return Set.of();
    }
}
