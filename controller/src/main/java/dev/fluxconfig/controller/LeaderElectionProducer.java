package dev.fluxconfig.controller;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;

/** Leader election for running two replicas safely; the Operator SDK finds this bean when it is enabled. */
@Dependent
public class LeaderElectionProducer {

    @Produces
    @Dependent
    LeaderElectionConfiguration leaderElection(ControllerConfig config,
            @ConfigProperty(name = "pod.namespace", defaultValue = "flux-system") String podNamespace,
            @ConfigProperty(name = "pod.name") Optional<String> podName) {
        ControllerConfig.LeaderElection le = config.leaderElection();
        if (!le.enabled()) {
            return null;
        }
        // replicas on one host share a host name, so the identity must come from the pod or be random
        String identity = le.identity().or(() -> podName).orElseGet(() -> "fluxconfig-controller-" + UUID.randomUUID());
        return new LeaderElectionConfiguration(le.leaseName(), le.leaseNamespace().orElse(podNamespace),
                le.leaseDuration(), le.renewDeadline(), le.retryPeriod(), identity, null, true);
    }
}
