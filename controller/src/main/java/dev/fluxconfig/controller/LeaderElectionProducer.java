package dev.fluxconfig.controller;

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
            @ConfigProperty(name = "pod.namespace", defaultValue = "flux-system") String podNamespace) {
        if (!config.leaderElection().enabled()) {
            return null;
        }
        return new LeaderElectionConfiguration(config.leaderElection().leaseName(),
                config.leaderElection().leaseNamespace().orElse(podNamespace));
    }
}
