package dev.fluxconfig.agent.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    final Duration interval = Duration.ofSeconds(30);
    final Duration max = Duration.ofMinutes(5);

    @Test
    void afterASuccessTheIntervalLessUpToATenth() {
        assertThat(new Backoff(interval, max, () -> 0.0).next(0)).isEqualTo(Duration.ofSeconds(27));
        assertThat(new Backoff(interval, max, () -> 1.0).next(0)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void failuresDoubleTheDelayUpToTheCapWithEqualJitter() {
        Backoff top = new Backoff(interval, max, () -> 1.0);
        Backoff bottom = new Backoff(interval, max, () -> 0.0);
        assertThat(top.next(1)).isEqualTo(Duration.ofSeconds(60));
        assertThat(top.next(2)).isEqualTo(Duration.ofSeconds(120));
        assertThat(top.next(3)).isEqualTo(Duration.ofSeconds(240));
        assertThat(top.next(4)).isEqualTo(max);
        assertThat(top.next(60)).as("no overflow").isEqualTo(max);
        assertThat(bottom.next(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(bottom.next(10)).isEqualTo(max.dividedBy(2));
    }

    @Test
    void aCapBelowTheIntervalIsTheInterval() {
        assertThat(new Backoff(interval, Duration.ofSeconds(1), () -> 1.0).next(3)).isEqualTo(interval);
    }
}
