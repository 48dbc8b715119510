package dev.fluxconfig.it.chart;

import static dev.fluxconfig.it.chart.FluxConfigChart.OURS;
import static dev.fluxconfig.it.chart.FluxConfigChart.render;
import static dev.fluxconfig.it.chart.FluxConfigChart.renderWithValues;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;

/**
 * The values a node whose servers listen on loopback needs (the project's test node, integration-tests/node/): the
 * node's network, the API server address, a port per component and the data plane's CA. Off by default, so a cluster
 * install renders as before.
 */
class ChartLocalNodeValuesTest {

    @Test
    void byDefaultPodsUseTheirOwnNetworkOnPort8080AndTheKubeletsApiAddress() {
        RenderedChart rendered = render();

        for (String app : OURS) {
            PodSpec pod = rendered.pod(app);
            assertThat(pod.getHostNetwork()).as(app).isNull();
            assertThat(env(rendered.container(app))).as(app).containsEntry("QUARKUS_HTTP_PORT", "8080")
                    .doesNotContainKeys("QUARKUS_HTTP_HOST", "KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT",
                            "FLUXCONFIG_AGENT_AUTH_CA_FILE");
            assertThat(rendered.container(app).getReadinessProbe().getHttpGet().getHost()).as(app).isNull();
        }
        assertThat(rendered.find(ConfigMap.class, "fluxconfig-agent-ca")).isEmpty();
    }

    @Test
    void hostNetworkPortsAndApiServerAddressReachBothPods() {
        RenderedChart rendered = render(Map.of("hostNetwork", "true", "kubernetesService.host", "127.0.0.1",
                "kubernetesService.port", "32317", "fluxconfig-agent.httpPort", "18081",
                "fluxconfig-controller.httpPort", "18082"));

        Map<String, String> ports = Map.of("fluxconfig-agent", "18081", "fluxconfig-controller", "18082");
        for (String app : OURS) {
            PodSpec pod = rendered.pod(app);
            Container c = rendered.container(app);
            assertThat(pod.getHostNetwork()).as(app).isTrue();
            assertThat(pod.getDnsPolicy()).as(app).isEqualTo("ClusterFirstWithHostNet");
            assertThat(env(c)).as(app).containsEntry("KUBERNETES_SERVICE_HOST", "127.0.0.1")
                    .containsEntry("KUBERNETES_SERVICE_PORT", "32317").containsEntry("QUARKUS_HTTP_PORT", ports.get(app))
                    .containsEntry("QUARKUS_HTTP_HOST", "127.0.0.1");
            for (var probe : List.of(c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe())) {
                assertThat(probe.getHttpGet().getHost()).as(app + ": probed on loopback").isEqualTo("127.0.0.1");
            }
            assertThat(c.getPorts()).as(app).singleElement()
                    .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(Integer.parseInt(ports.get(app))));
            assertThat(c.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
            assertThat(rendered.podAnnotations(app)).containsEntry("prometheus.io/port", ports.get(app));
        }
    }

    @Test
    void dataPlaneCaBundleIsMountedReadOnlyForTheAgentOnly() {
        String pem = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";
        RenderedChart rendered = renderWithValues("dataPlane:\n  endpoint: http://127.0.0.1:4000\n  caBundle: |\n"
                + pem.lines().map(l -> "    " + l + "\n").reduce("", String::concat));

        assertThat(rendered.get(ConfigMap.class, "fluxconfig-agent-ca").getData()).containsEntry("ca.crt", pem);
        Container agent = rendered.container("fluxconfig-agent");
        assertThat(env(agent)).containsEntry("FLUXCONFIG_AGENT_AUTH_CA_FILE", "/etc/fluxconfig/ca/ca.crt")
                .containsEntry("FLUXCONFIG_AGENT_DATA_PLANE_ENDPOINT", "http://127.0.0.1:4000");
        assertThat(agent.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/etc/fluxconfig/ca");
            assertThat(m.getReadOnly()).isTrue();
        });
        assertThat(rendered.pod("fluxconfig-agent").getVolumes()).filteredOn(v -> v.getConfigMap() != null)
                .singleElement().satisfies(v -> assertThat(v.getConfigMap().getName()).isEqualTo("fluxconfig-agent-ca"));
        assertThat(env(rendered.container("fluxconfig-controller"))).doesNotContainKey("FLUXCONFIG_AGENT_AUTH_CA_FILE");
    }

    private static Map<String, String> env(Container c) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (EnvVar e : c.getEnv()) {
            env.put(e.getName(), e.getValue());
        }
        return env;
    }
}
