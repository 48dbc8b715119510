package dev.fluxconfig.controller;

import java.time.Duration;
import java.util.List;
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

    /** Which FluxConfigs the controller acts on at all, and what a configuration may be given. */
    Tenancy tenancy();

    interface MultiTenancy {
        /** Kustomizations run as the configuration's own applier service account, holding only its scope. */
        @WithDefault("true")
        boolean enforce();
    }

    interface Tenancy {
        /**
         * Namespaces where no FluxConfig is honoured (a trailing {@code *} matches a prefix): the cluster's own, the
         * release namespace and Flux's. A configuration there would be handed rights over the cluster's machinery.
         */
        @WithDefault("kube-*,${pod.namespace}")
        List<String> reservedNamespaces();

        /**
         * Whether configurations of scope cluster are honoured (their applier is bound to cluster-admin). The chart
         * removes the controller's right to bind cluster-admin when this is false.
         */
        @WithDefault("true")
        boolean clusterScope();

        /** ClusterRole the applier of a namespace-scoped configuration is bound to, by a RoleBinding in its namespace. */
        @WithDefault("fluxconfig-namespace-applier-${pod.namespace}")
        String namespaceRole();

        /**
         * Label selector ({@code key=value,key2=value2}, {@code key}, {@code !key}) a FluxConfig must match to be
         * honoured; empty: every FluxConfig. {@code app.kubernetes.io/managed-by=fluxconfig-agent} honours only those
         * the agent wrote.
         */
        Optional<String> honourSelector();
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
