package dev.fluxconfig.agent.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Every setting of the agent ({@code fluxconfig.agent.*}, environment {@code FLUXCONFIG_AGENT_*}). Identity and
 * credentials are optional here on purpose: a missing one must leave the agent up and not ready, with a reason naming the
 * key (see {@link AgentSettings}), instead of failing start-up.
 */
@ConfigMapping(prefix = "fluxconfig.agent")
public interface AgentConfig {

    DataPlane dataPlane();

    Cluster cluster();

    Auth auth();

    Poll poll();

    Apply apply();

    Status status();

    Heartbeat heartbeat();

    interface DataPlane {
        /** Base URL of the data plane; {@code https://{region}.dp.kubernetesconfiguration.azure.com} when absent. */
        Optional<String> endpoint();

        @WithDefault("2024-11-01")
        String apiVersion();

        /** Timeout of one data-plane request. */
        @WithDefault("30s")
        Duration timeout();
    }

    interface Cluster {
        Optional<String> subscriptionId();

        Optional<String> resourceGroup();

        @WithDefault("Microsoft.Kubernetes")
        String resourceProvider();

        @WithDefault("connectedClusters")
        String type();

        Optional<String> name();

        Optional<String> region();
    }

    interface Auth {
        /** managed-identity, workload-identity, client-secret or client-certificate. */
        @WithDefault("managed-identity")
        String mode();

        Optional<String> clientId();

        Optional<String> tenantId();

        @WithDefault("https://login.microsoftonline.com/")
        String authority();

        /** Scope of the token; for managed identity the resource is the scope without {@code /.default}. */
        @WithDefault("https://management.azure.com/.default")
        String scope();

        Optional<String> clientSecret();

        /** PEM file with the private key and certificate, or a PKCS#12 file (.p12, .pfx). */
        Optional<String> certificatePath();

        Optional<String> certificatePassword();

        @WithDefault("/var/run/secrets/azure/tokens/azure-identity-token")
        String federatedTokenFile();

        /** IMDS-style endpoint for managed identity (base URL); MSAL's own environment rules apply when absent. */
        Optional<String> imdsEndpoint();

        /** PEM CA bundle trusted instead of the JVM's for the authority and the data plane (sandbox, private CAs). */
        Optional<String> caFile();
    }

    interface Poll {
        @WithDefault("30s")
        Duration interval();

        @WithDefault("5m")
        Duration maxBackoff();
    }

    interface Apply {
        /** How many configurations of one desired list are applied at once. */
        @WithDefault("8")
        int concurrency();
    }

    interface Status {
        /** Quiet time after the last change of a configuration's status before it is posted. */
        @WithDefault("2s")
        Duration debounce();

        /** How many status posts may be on their way to the data plane at once. */
        @WithDefault("4")
        int concurrency();
    }

    interface Heartbeat {
        @WithDefault("60s")
        Duration interval();

        /** Reported as controllerVersion; the chart sets it. */
        Optional<String> controllerVersion();

        /** Reported as fluxVersion; the chart sets it. */
        Optional<String> fluxVersion();
    }
}
