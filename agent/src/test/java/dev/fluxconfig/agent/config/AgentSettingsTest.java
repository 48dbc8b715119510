package dev.fluxconfig.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class AgentSettingsTest {

    static AgentSettings settings(Map<String, String> values) {
        // Quarkus's converter reads "30s"; plain SmallRye Config only reads ISO durations
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(AgentConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(values, "test", 100)).build();
        return new AgentSettings(config.getConfigMapping(AgentConfig.class));
    }

    static Map<String, String> complete() {
        Map<String, String> m = new HashMap<>();
        m.put("fluxconfig.agent.cluster.subscription-id", "sub");
        m.put("fluxconfig.agent.cluster.resource-group", "rg");
        m.put("fluxconfig.agent.cluster.name", "c1");
        m.put("fluxconfig.agent.cluster.region", "westeurope");
        return m;
    }

    @Test
    void defaultsNameEveryMissingKeyWithItsEnvironmentVariable() {
        AgentSettings s = settings(Map.of());
        assertThat(s.complete()).isFalse();
        assertThat(String.join("\n", s.problems())).contains(
                "fluxconfig.agent.cluster.subscription-id (FLUXCONFIG_AGENT_CLUSTER_SUBSCRIPTION_ID) is not set",
                "fluxconfig.agent.cluster.resource-group (FLUXCONFIG_AGENT_CLUSTER_RESOURCE_GROUP)",
                "fluxconfig.agent.cluster.name (FLUXCONFIG_AGENT_CLUSTER_NAME)",
                "fluxconfig.agent.cluster.region (FLUXCONFIG_AGENT_CLUSTER_REGION)");
        assertThat(s.authMode()).isEqualTo(AuthMode.MANAGED_IDENTITY);
        assertThat(s.config().poll().interval()).hasSeconds(30);
        assertThat(s.config().poll().maxBackoff()).hasMinutes(5);
        assertThat(s.config().dataPlane().apiVersion()).isEqualTo("2024-11-01");
    }

    @Test
    void theRegionMakesTheDefaultEndpoint() {
        AgentSettings s = settings(complete());
        assertThat(s.complete()).isTrue();
        assertThat(s.dataPlaneEndpoint()).isEqualTo("https://westeurope.dp.kubernetesconfiguration.azure.com");
        assertThat(s.clusterPath()).isEqualTo(
                "/subscriptions/sub/resourceGroups/rg/provider/Microsoft.Kubernetes-connectedClusters/clusters/c1");
    }

    @Test
    void anEndpointMakesTheRegionOptional() {
        Map<String, String> m = complete();
        m.remove("fluxconfig.agent.cluster.region");
        m.put("fluxconfig.agent.data-plane.endpoint", "http://127.0.0.1:8081/");
        AgentSettings s = settings(m);
        assertThat(s.problems()).isEmpty();
        assertThat(s.dataPlaneEndpoint()).isEqualTo("http://127.0.0.1:8081");
    }

    @Test
    void eachAuthModeAsksForItsOwnInputs() {
        Map<String, String> m = complete();
        m.put("fluxconfig.agent.auth.mode", "client-secret");
        assertThat(settings(m).problems()).containsExactlyInAnyOrder(
                "fluxconfig.agent.auth.client-id (FLUXCONFIG_AGENT_AUTH_CLIENT_ID) is not set",
                "fluxconfig.agent.auth.tenant-id (FLUXCONFIG_AGENT_AUTH_TENANT_ID) is not set",
                "fluxconfig.agent.auth.client-secret (FLUXCONFIG_AGENT_AUTH_CLIENT_SECRET) is not set");
        m.put("fluxconfig.agent.auth.mode", "client-certificate");
        assertThat(settings(m).problems()).anyMatch(p -> p.startsWith("fluxconfig.agent.auth.certificate-path"));
        m.put("fluxconfig.agent.auth.mode", "workload-identity");
        m.put("fluxconfig.agent.auth.client-id", "id");
        m.put("fluxconfig.agent.auth.tenant-id", "t");
        assertThat(settings(m).problems()).isEmpty();
        m.put("fluxconfig.agent.auth.mode", "kerberos");
        assertThat(settings(m).problems()).singleElement().asString().contains("kerberos");
    }
}
