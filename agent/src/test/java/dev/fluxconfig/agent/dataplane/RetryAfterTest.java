package dev.fluxconfig.agent.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.fluxconfig.agent.testing.LogCapture;

/** Both forms of {@code Retry-After}, on 429 and 503 only, capped; a value of neither form is ignored and logged. */
class RetryAfterTest {

    static final Instant NOW = Instant.parse("2026-12-05T01:00:00Z");

    LogCapture logs;

    @BeforeEach
    void capture() {
        logs = LogCapture.install();
    }

    @AfterEach
    void release() {
        logs.uninstall();
    }

    static String httpDate(Instant at) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC));
    }

    @Test
    void secondsAndHttpDates() {
        assertThat(RetryAfter.of(429, "7", NOW)).contains(Duration.ofSeconds(7));
        assertThat(RetryAfter.of(503, " 120 ", NOW)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.of(503, "0", NOW)).contains(Duration.ZERO);
        assertThat(RetryAfter.of(429, httpDate(NOW.plusSeconds(42)), NOW)).contains(Duration.ofSeconds(42));
        assertThat(RetryAfter.of(429, "Sat, 05 Dec 2026 01:01:30 GMT", NOW)).contains(Duration.ofSeconds(90));
        assertThat(RetryAfter.of(503, httpDate(NOW.minusSeconds(30)), NOW)).as("a date in the past").contains(Duration.ZERO);
    }

    @Test
    void cappedSoThatTheAgentIsNeverSilencedForLong() {
        assertThat(RetryAfter.of(429, "86400", NOW)).contains(RetryAfter.CAP);
        assertThat(RetryAfter.of(429, "99999999999999999999999", NOW)).contains(RetryAfter.CAP);
        assertThat(RetryAfter.of(503, httpDate(NOW.plus(Duration.ofDays(3))), NOW)).contains(RetryAfter.CAP);
    }

    @Test
    void onlyOn429And503() {
        assertThat(RetryAfter.of(500, "5", NOW)).isEmpty();
        assertThat(RetryAfter.of(301, "5", NOW)).isEmpty();
        assertThat(RetryAfter.of(429, null, NOW)).isEmpty();
    }

    @Test
    void badValuesAreIgnoredWithALogLineNamingTheHeader() {
        for (String bad : new String[]{"soon", "-5", "1.5", "", "Sat, 35 Dec 2026 01:01:30 GMT", "5 s"}) {
            int before = logs.lines().size();
            Optional<Duration> wait = RetryAfter.of(429, bad, NOW);
            assertThat(wait).as(bad).isEmpty();
            assertThat(logs.lines().subList(before, logs.lines().size())).as(bad)
                    .anySatisfy(l -> assertThat(l).contains("WARN").contains("Retry-After").contains("429"));
        }
    }
}
