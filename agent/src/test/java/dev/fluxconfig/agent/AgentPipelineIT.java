package dev.fluxconfig.agent;

import static dev.fluxconfig.model.FluxConfigConstants.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fluxconfig.agent.apply.ClusterWriter;
import dev.fluxconfig.agent.status.StatusReporter;
import dev.fluxconfig.agent.status.StatusUpdate;
import dev.fluxconfig.agent.testing.EmulatorResource;
import dev.fluxconfig.agent.testing.InjectEmulator;
import dev.fluxconfig.agent.testing.NamespaceAndLogs;
import dev.fluxconfig.agent.testing.RealKubeResource;
import dev.fluxconfig.model.dataplane.ConfigurationStatus;
import dev.fluxconfig.model.dataplane.DesiredConfiguration;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.sandbox.emulator.DataPlaneEmulator;
import dev.fluxconfig.sandbox.emulator.Failure;
import dev.fluxconfig.sandbox.emulator.FailureMode;
import dev.fluxconfig.sandbox.emulator.Journal;
import dev.fluxconfig.testing.RealKubeServer;

/**
 * The agent's pipeline against the fake data plane and the real API server: the FluxConfigs it creates carry the
 * controller's finalizer from the start and keep it through updates (server-side apply field ownership); it waits as long
 * as a 429 or 503 asks with {@code Retry-After} (seconds or an HTTP date) before polling or posting again, ignores a
 * malformed one with a log line; and it posts several statuses at once, so a slow post does not hold the others.
 */
@QuarkusTest
@WithTestResource(RealKubeResource.class)
@WithTestResource(EmulatorResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentPipelineIT {

    @RegisterExtension
    static final NamespaceAndLogs RUN = new NamespaceAndLogs("pipeline");
    static final String NS = RUN.namespace();
    static final ObjectMapper JSON = new ObjectMapper();

    @InjectEmulator
    DataPlaneEmulator emulator;
    @Inject
    StatusReporter reporter;

    final KubernetesClient kube = RealKubeServer.get().client();

    static DesiredConfiguration config(String name, long version, String branch) throws Exception {
        return JSON.readValue("""
                {"name":"%s","operationId":"op-%d","correlationId":"corr-%d","version":%d,
                 "properties":{"namespace":"%s","scope":"cluster","sourceKind":"GitRepository",
                   "gitRepository":{"url":"https://github.com/example/%s","repositoryRef":{"branch":"%s"}},
                   "kustomizations":{"infra":{"path":"./infrastructure"}}}}"""
                .formatted(name, version, version, version, NS, name, branch), DesiredConfiguration.class);
    }

    FluxConfig cr(String name) {
        return kube.resources(FluxConfig.class).inNamespace(NS).withName(name).get();
    }

    /** When the requests this failure answered since then arrived (polls, or a configuration's status posts), oldest first. */
    List<Instant> arrivals(FailureMode mode, String configuration, Instant since) {
        return emulator.journal()
                .exchanges(e -> e.failure() == mode && !e.arrived().isBefore(since)
                        && (configuration == null ? e.kind() == Journal.Kind.POLL : configuration.equals(e.configuration())))
                .stream().map(Journal.Exchange::arrived).sorted().toList();
    }

    static List<Long> gapsMs(List<Instant> times) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add(Duration.between(times.get(i - 1), times.get(i)).toMillis());
        }
        return gaps;
    }

    static ConfigurationStatus status(String name) {
        return new ConfigurationStatus(name, NS, "op-1", "corr-" + name, "Compliant", "Succeeded", List.of(), null, null,
                null, null, Instant.now().toString());
    }

    @Test
    @Order(1)
    void theAgentsFluxConfigCarriesTheFinalizerFromTheStartAndKeepsItThroughUpdates() throws Exception {
        emulator.configurations(EmulatorResource.CLUSTER_PATH, List.of(config("fin", 1, "main")));
        await().atMost(Duration.ofSeconds(60)).until(() -> cr("fin") != null);
        FluxConfig created = cr("fin");
        assertThat(created.getMetadata().getFinalizers()).containsExactly(FINALIZER);
        assertThat(created.getMetadata().getManagedFields()).filteredOn(f -> ClusterWriter.FIELD_MANAGER.equals(f.getManager()))
                .singleElement().satisfies(f -> assertThat(JSON.writeValueAsString(f.getFieldsV1()))
                        .contains("f:finalizers").contains("v:\\\"" + FINALIZER + "\\\""));

        // the controller adds its finalizer where it is missing, with a field manager of its own: both own the entry now
        FluxConfig byController = new FluxConfig();
        byController.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("fin").withNamespace(NS)
                .withFinalizers(FINALIZER).build());
        kube.resource(byController).fieldManager("fluxconfig-controller").serverSideApply();

        emulator.configurations(EmulatorResource.CLUSTER_PATH, List.of(config("fin", 2, "release")));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "release".equals(cr("fin").getSpec().getGitRepository().getRepositoryRef().getBranch()));
        FluxConfig updated = cr("fin");
        assertThat(updated.getMetadata().getFinalizers()).containsExactly(FINALIZER);
        assertThat(updated.getMetadata().getManagedFields()).extracting(ManagedFieldsEntry::getManager)
                .contains(ClusterWriter.FIELD_MANAGER, "fluxconfig-controller");

        // and when only the agent applies it (the controller's entry gone), an update still keeps it
        FluxConfig without = new FluxConfig();
        without.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("fin").withNamespace(NS).build());
        kube.resource(without).fieldManager("fluxconfig-controller").serverSideApply();
        emulator.configurations(EmulatorResource.CLUSTER_PATH, List.of(config("fin", 3, "main")));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "main".equals(cr("fin").getSpec().getGitRepository().getRepositoryRef().getBranch()));
        assertThat(cr("fin").getMetadata().getFinalizers()).containsExactly(FINALIZER);
    }

    @Test
    @Order(2)
    void pollsWaitTheSecondsARetryAfterAsks() {
        Instant since = Instant.now();
        emulator.failure(Failure.of(FailureMode.HTTP_429, "poll").withRetryAfter("2"));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> arrivals(FailureMode.HTTP_429, null, since).size() >= 3);
            // without it the agent's backoff (max 1 s in these tests) would poll again within a second
            assertThat(gapsMs(arrivals(FailureMode.HTTP_429, null, since)))
                    .allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(1900));
        } finally {
            emulator.heal();
        }
    }

    @Test
    @Order(3)
    void pollsWaitUntilTheHttpDateARetryAfterNames() {
        Instant since = Instant.now();
        Instant until = Instant.now().plusSeconds(4);
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(until.atOffset(ZoneOffset.UTC));
        Instant second = until.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        emulator.failure(Failure.of(FailureMode.HTTP_503_HTML, "poll").withRetryAfter(date));
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> arrivals(FailureMode.HTTP_503_HTML, null, since).size() >= 2);
            List<Instant> times = arrivals(FailureMode.HTTP_503_HTML, null, since);
            assertThat(times.get(0)).isBefore(second);
            assertThat(times.get(1)).as("the poll after the first 503").isAfterOrEqualTo(second.minusMillis(50));
        } finally {
            emulator.heal();
        }
    }

    @Test
    @Order(4)
    void aMalformedRetryAfterIsIgnoredWithALogLineNamingIt() {
        int before = RUN.logs().lines().size();
        Instant since = Instant.now();
        emulator.failure(Failure.of(FailureMode.HTTP_429, "poll").withRetryAfter("in a while"));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> arrivals(FailureMode.HTTP_429, null, since).size() >= 3);
            assertThat(gapsMs(arrivals(FailureMode.HTTP_429, null, since)))
                    .allSatisfy(gap -> assertThat(gap).isLessThan(1500));
            assertThat(RUN.logs().lines().subList(before, RUN.logs().lines().size()))
                    .anySatisfy(l -> assertThat(l).contains("Retry-After").contains("in a while"));
        } finally {
            emulator.heal();
        }
    }

    @Test
    @Order(5)
    void statusPostsWaitTheRetryAfterTheyWereAnswered() {
        Instant since = Instant.now();
        emulator.failure(Failure.of(FailureMode.HTTP_429, "status/paced").withRetryAfter("2"));
        try {
            reporter.accept(new StatusUpdate("paced", status("paced")));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> arrivals(FailureMode.HTTP_429, "paced", since).size() >= 3);
            // without it the retry would follow the debounce's backoff (200 ms, at most 1 s here)
            assertThat(gapsMs(arrivals(FailureMode.HTTP_429, "paced", since)))
                    .allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(1900));
        } finally {
            emulator.heal();
            reporter.accept(new StatusUpdate("paced", null));
        }
    }

    @Test
    @Order(6)
    void slowStatusPostsGoOutTogether() {
        Instant since = Instant.now();
        List<String> names = List.of("slow-0", "slow-1", "slow-2", "slow-3");
        for (String name : names) {
            emulator.addFailure(Failure.of(FailureMode.DELAYED, "status/" + name).withDelay(Duration.ofMillis(1200)));
        }
        try {
            names.forEach(name -> reporter.accept(new StatusUpdate(name, status(name))));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> names.stream().allMatch(n -> !arrivals(FailureMode.DELAYED, n, since).isEmpty()));
            List<Instant> first = names.stream().map(n -> arrivals(FailureMode.DELAYED, n, since).get(0)).sorted()
                    .toList();
            // one after the other they would arrive 1.2 s apart each
            assertThat(Duration.between(first.get(0), first.get(first.size() - 1)).toMillis())
                    .as("spread of the posts' arrivals %s", first).isLessThan(1000);
        } finally {
            emulator.heal();
        }
    }
}
