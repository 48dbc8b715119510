package dev.fluxconfig.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.fluxconfig.model.dataplane.DataPlanePaths;

/** What follows from {@link AgentConfig}: the data-plane URLs, the auth mode, and which required settings are missing. */
@ApplicationScoped
public class AgentSettings {

    static final String PREFIX = "fluxconfig.agent.";

    private final AgentConfig config;
    private final List<String> problems;

    @Inject
    public AgentSettings(AgentConfig config) {
        this.config = config;
        this.problems = check(config);
    }

    public AgentConfig config() {
        return config;
    }

    /** Missing or invalid settings, each naming its key and environment variable; empty when the agent can work. */
    public List<String> problems() {
        return problems;
    }

    public boolean complete() {
        return problems.isEmpty();
    }

    public AuthMode authMode() {
        return AuthMode.fromValue(config.auth().mode());
    }

    /** Base URL of the data plane without a trailing slash. */
    public String dataPlaneEndpoint() {
        String endpoint = config.dataPlane().endpoint()
                .orElseGet(() -> "https://" + config.cluster().region().orElse("") + ".dp.kubernetesconfiguration.azure.com");
        return endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    }

    public String clusterPath() {
        AgentConfig.Cluster c = config.cluster();
        return DataPlanePaths.clusterPath(c.subscriptionId().orElse(""), c.resourceGroup().orElse(""),
                c.resourceProvider(), c.type(), c.name().orElse(""));
    }

    static List<String> check(AgentConfig config) {
        List<String> missing = new ArrayList<>();
        AgentConfig.Cluster c = config.cluster();
        require(missing, c.subscriptionId(), "cluster.subscription-id");
        require(missing, c.resourceGroup(), "cluster.resource-group");
        require(missing, c.name(), "cluster.name");
        if (config.dataPlane().endpoint().filter(s -> !s.isBlank()).isEmpty()) {
            require(missing, c.region(), "cluster.region");
        }
        AuthMode mode = AuthMode.fromValue(config.auth().mode());
        AgentConfig.Auth a = config.auth();
        if (mode == null) {
            missing.add(key("auth.mode") + " is '" + a.mode()
                    + "'; use managed-identity, workload-identity, client-secret or client-certificate");
        } else if (mode != AuthMode.MANAGED_IDENTITY) {
            require(missing, a.clientId(), "auth.client-id");
            require(missing, a.tenantId(), "auth.tenant-id");
            if (mode == AuthMode.CLIENT_SECRET) {
                require(missing, a.clientSecret(), "auth.client-secret");
            } else if (mode == AuthMode.CLIENT_CERTIFICATE) {
                require(missing, a.certificatePath(), "auth.certificate-path");
            }
        }
        atLeastOne(missing, config.apply().concurrency(), "apply.concurrency");
        atLeastOne(missing, config.status().concurrency(), "status.concurrency");
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            problems.addAll(missing);
        }
        return List.copyOf(problems);
    }

    private static void require(List<String> missing, Optional<String> value, String key) {
        if (value.filter(s -> !s.isBlank()).isEmpty()) {
            missing.add(key(key) + " is not set");
        }
    }

    private static void atLeastOne(List<String> problems, int value, String key) {
        if (value < 1) {
            problems.add(key(key) + " is " + value + "; it must be at least 1");
        }
    }

    /** {@code fluxconfig.agent.cluster.name (FLUXCONFIG_AGENT_CLUSTER_NAME)}. */
    static String key(String key) {
        String full = PREFIX + key;
        return full + " (" + full.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + ")";
    }
}
