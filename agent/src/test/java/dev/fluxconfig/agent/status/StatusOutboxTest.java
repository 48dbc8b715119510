package dev.fluxconfig.agent.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.fluxconfig.agent.poll.Backoff;
import dev.fluxconfig.model.dataplane.ConfigurationStatus;

class StatusOutboxTest {

    static final long MS = 1_000_000L;
    final StatusOutbox outbox = new StatusOutbox(200 * MS,
            new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), () -> 1.0));

    static ConfigurationStatus status(String name, String compliance) {
        return new ConfigurationStatus(name, "ns", null, null, compliance, "Succeeded", null, null, null, null, null, null);
    }

    @Test
    void aStatusIsDueOnlyAfterTheQuietPeriodAndTheLatestWins() {
        outbox.offer("a", status("a", "Pending"), 0);
        outbox.offer("a", status("a", "Non-Compliant"), 100 * MS);
        outbox.offer("a", status("a", "Compliant"), 150 * MS);
        assertThat(outbox.due(300 * MS)).as("debounced: the last change was 150 ms ago").isEmpty();
        assertThat(outbox.due(350 * MS)).singleElement()
                .satisfies(p -> assertThat(p.status().complianceState()).isEqualTo("Compliant"));
    }

    @Test
    void everythingDueGoesInOneBatch() {
        outbox.offer("a", status("a", "Pending"), 0);
        outbox.offer("b", status("b", "Pending"), 0);
        outbox.offer("c", status("c", "Pending"), 500 * MS);
        assertThat(outbox.due(300 * MS)).extracting(p -> p.status().name()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aFailedPostIsRetriedLaterWithGrowingDelays() {
        outbox.offer("a", status("a", "Pending"), 0);
        StatusOutbox.Pending p = outbox.due(200 * MS).get(0);
        outbox.failed(p, 200 * MS);
        assertThat(outbox.due(300 * MS)).isEmpty();
        StatusOutbox.Pending second = outbox.due(600 * MS).get(0);
        assertThat(second.attempts()).isEqualTo(1);
        outbox.failed(second, 600 * MS);
        assertThat(outbox.due(1000 * MS)).as("800 ms after the second failure").isEmpty();
        assertThat(outbox.due(1400 * MS)).hasSize(1);
    }

    @Test
    void acceptingAnOlderPostKeepsTheNewerStatus() {
        outbox.offer("a", status("a", "Pending"), 0);
        StatusOutbox.Pending sent = outbox.due(200 * MS).get(0);
        outbox.offer("a", status("a", "Compliant"), 250 * MS);
        outbox.accepted(sent);
        assertThat(outbox.waiting("a").complianceState()).isEqualTo("Compliant");
        outbox.failed(sent, 300 * MS);
        assertThat(outbox.waiting("a").complianceState()).isEqualTo("Compliant");
        outbox.accepted(outbox.due(450 * MS).get(0));
        assertThat(outbox.size()).isZero();
    }

    @Test
    void aDeletedConfigurationDropsItsWaitingStatus() {
        outbox.offer("a", status("a", "Pending"), 0);
        outbox.offer("a", null, 10 * MS);
        assertThat(outbox.size()).isZero();
    }
}
