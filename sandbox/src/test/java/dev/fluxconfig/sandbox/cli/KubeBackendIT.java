package dev.fluxconfig.sandbox.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;

import dev.fluxconfig.sandbox.process.KubeScripts;

/** The tutorial's own real API server: started from the clone's scripts, usable, and stopped on close. */
class KubeBackendIT {

    @Test
    void startsTheLocalServerAndStopsItOnClose() {
        Path root = KubeBackend.findRepoRoot().orElseThrow();
        Path data = root.resolve("sandbox/target/kube-backend-it-" + ProcessHandle.current().pid());
        List<String> said = new ArrayList<>();
        Map<String, Long> pids = new LinkedHashMap<>();
        try (KubeBackend backend = KubeBackend.startLocal(root, data, said::add)) {
            assertThat(backend.kubeconfig()).isEqualTo(data.resolve("kubeconfig"));
            try (KubernetesClient client = backend.client()) {
                assertThat(client.namespaces().withName("default").get()).isNotNull();
            }
            pids.putAll(KubeScripts.pids(data));
            assertThat(pids).containsKeys("kube-apiserver", "etcd");
            assertThat(pids.values()).allMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        }
        assertThat(said).singleElement().asString().startsWith("starting a local Kubernetes API server");
        assertThat(KubeScripts.pids(data)).isEmpty();
        // stop.sh kills with SIGKILL after 15 s without waiting for the end
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(pids.values())
                .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
    }
}
