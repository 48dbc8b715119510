package dev.fluxconfig.controller;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Settings of fluxconfig-controller; the chart sets them through FLUXCONFIG_CONTROLLER_* environment variables. */
@ConfigMapping(prefix = "fluxconfig.controller")
public interface ControllerConfig {

    /** Extension setting {@code multiTenancy.enforce}. */
    MultiTenancy multiTenancy();

    LeaderElection leaderElection();

    /** Field manager used for server-side apply of every generated object. */
    @WithDefault("fluxconfig-controller")
    String fieldManager();

    /** How often a converged configuration is checked again without any event. */
    @WithDefault("10m")
    Duration resyncPeriod();

    interface MultiTenancy {
        /** Kustomizations run as service account flux-applier in the configuration namespace. */
        @WithDefault("true")
        boolean enforce();
    }

    interface LeaderElection {
        /** Run as one of several replicas; only the holder of the lease reconciles. */
        @WithDefault("false")
        boolean enabled();

        @WithDefault("fluxconfig-controller-leader")
        String leaseName();

        /** Namespace of the lease; the pod's namespace (POD_NAMESPACE) when unset. */
        @WithName("namespace")
        Optional<String> leaseNamespace();

        /** Identity of this replica in the lease; the pod's name (POD_NAME) when unset, else a random one. */
        Optional<String> identity();

        @WithDefault("15s")
        Duration leaseDuration();

        @WithDefault("10s")
        Duration renewDeadline();

        @WithDefault("2s")
        Duration retryPeriod();
    }
}
