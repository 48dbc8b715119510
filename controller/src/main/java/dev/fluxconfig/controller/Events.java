package dev.fluxconfig.controller;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import dev.fluxconfig.model.v1alpha1.FluxConfig;

/** Kubernetes Events on a FluxConfig, for warnings a user should see in {@code kubectl describe}. */
final class Events {

    private static final Logger LOG = Logger.getLogger(Events.class);

    private Events() {
    }

    static void warning(KubernetesClient client, FluxConfig config, String reason, String message) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        try {
            client.v1().events().inNamespace(config.getMetadata().getNamespace()).resource(new EventBuilder()
                    .withNewMetadata()
                    .withName(config.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
                    .withNamespace(config.getMetadata().getNamespace()).endMetadata()
                    .withNewInvolvedObject().withApiVersion(config.getApiVersion()).withKind(config.getKind())
                    .withName(config.getMetadata().getName()).withNamespace(config.getMetadata().getNamespace())
                    .withUid(config.getMetadata().getUid()).endInvolvedObject()
                    .withType("Warning").withReason(reason)
                    .withMessage(message.length() > 1024 ? message.substring(0, 1021) + "..." : message)
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .withNewSource().withComponent(dev.fluxconfig.model.FluxConfigConstants.MANAGED_BY_CONTROLLER).endSource()
                    .build()).create();
        } catch (KubernetesClientException e) {
            // an event is a courtesy; never fail a reconciliation over it
            LOG.debugf("could not record event %s: %s", reason, e.getMessage());
        }
    }
}
