package dev.fluxconfig.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.testing.RealKube;
import dev.fluxconfig.testing.RealKubeServer;
import dev.fluxconfig.testing.TestConfigs;
import dev.fluxconfig.testing.TestNamespace;
import dev.fluxconfig.testkit.AppProcess;

/** Two packaged controllers against one API server: only the lease holder reconciles; killing it hands over. */
@RealKube
class LeaderElectionIT {

    private final List<AppProcess> processes = new ArrayList<>();

    @AfterEach
    void stopAll() {
        processes.forEach(AppProcess::kill);
    }

    /** A replica of the packaged controller, started with the chart's JVM options by the test kit's launcher. */
    AppProcess start(String identity, String leaseNamespace, Path log) {
        AppProcess p = AppProcess.start("controller", RealKubeServer.get().kubeconfig(), log, Map.of(
                "FLUXCONFIG_CONTROLLER_LEADER_ELECTION_ENABLED", "true",
                "FLUXCONFIG_CONTROLLER_LEADER_ELECTION_LEASE_DURATION", "6s",
                "FLUXCONFIG_CONTROLLER_LEADER_ELECTION_RENEW_DEADLINE", "4s",
                "FLUXCONFIG_CONTROLLER_LEADER_ELECTION_RETRY_PERIOD", "1s",
                "POD_NAMESPACE", leaseNamespace,
                "POD_NAME", identity,
                "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false"), List.of());
        processes.add(p);
        return p;
    }

    static String holder(KubernetesClient client, String ns) {
        Lease lease = client.leases().inNamespace(ns).withName("fluxconfig-controller-leader").get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    static boolean reconciled(KubernetesClient client, String ns, String name) {
        FluxConfig c = client.resources(FluxConfig.class).inNamespace(ns).withName(name).get();
        return c != null && c.getStatus() != null && c.getStatus().getProvisioningState() != null;
    }

    @Test
    void onlyTheLeaderReconcilesAndKillingItHandsOver(KubernetesClient client, TestNamespace ns) throws Exception {
        Path dir = Files.createTempDirectory("leader");
        String a = "replica-a-" + UUID.randomUUID().toString().substring(0, 4);
        String b = "replica-b-" + UUID.randomUUID().toString().substring(0, 4);
        AppProcess first = start(a, ns.name(), dir.resolve("a.log"));
        await().atMost(Duration.ofSeconds(60)).until(() -> a.equals(holder(client, ns.name())));
        AppProcess second = start(b, ns.name(), dir.resolve("b.log"));
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(dir.resolve("b.log")).contains("started in"));

        client.resource(TestConfigs.tutorial("first", ns.name())).create();
        await().atMost(Duration.ofSeconds(60)).until(() -> reconciled(client, ns.name(), "first"));
        // a status can be written before the line that reports it (an error path): wait for the line
        await().atMost(Duration.ofSeconds(60))
                .until(() -> first.logText().contains(ns.name() + "/first: provisioning"));
        assertThat(Files.readString(dir.resolve("b.log"))).doesNotContain("/first: provisioning");
        assertThat(holder(client, ns.name())).isEqualTo(a);

        first.kill();
        await().atMost(Duration.ofSeconds(60)).until(() -> b.equals(holder(client, ns.name())));
        client.resource(TestConfigs.tutorial("second", ns.name())).create();
        await().atMost(Duration.ofSeconds(60)).until(() -> reconciled(client, ns.name(), "second"));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> second.logText().contains(ns.name() + "/second: provisioning"));
    }
}
