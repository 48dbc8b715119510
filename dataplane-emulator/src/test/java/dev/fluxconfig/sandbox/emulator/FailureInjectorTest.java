package dev.fluxconfig.sandbox.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Which failure answers which request, without a server. */
class FailureInjectorTest {

    final FailureInjector failures = new FailureInjector(() -> null, Duration.ofSeconds(1), (ctx, status) -> {
    });

    @Test
    void theFirstAddedFailureThatAppliesAnswers() {
        failures.add(Failure.of(FailureMode.HTTP_500, "status/two"));
        failures.add(Failure.of(FailureMode.HTTP_429, "data-plane"));
        failures.add(Failure.of(FailureMode.HTTP_403, "status"));
        assertThat(failures.failureFor(Journal.Kind.STATUS, "two").mode()).isEqualTo(FailureMode.HTTP_500);
        assertThat(failures.failureFor(Journal.Kind.STATUS, "one").mode()).isEqualTo(FailureMode.HTTP_429);
        assertThat(failures.failureFor(Journal.Kind.POLL, null).mode()).isEqualTo(FailureMode.HTTP_429);
        assertThat(failures.failureFor(Journal.Kind.TOKEN, null)).isNull();
        assertThat(failures.failureFor(Journal.Kind.OTHER, null)).isNull();
    }

    @Test
    void setReplacesAllAndNoneHeals() {
        failures.add(Failure.of(FailureMode.HTTP_500, "all"));
        failures.set(Failure.of(FailureMode.HTTP_401, "poll"));
        assertThat(failures.failures()).extracting(Failure::mode).containsExactly(FailureMode.HTTP_401);
        assertThat(failures.failureFor(Journal.Kind.HEARTBEAT, null)).isNull();
        failures.set(Failure.of(FailureMode.NONE, "all"));
        assertThat(failures.failures()).isEmpty();
        failures.add(Failure.of(FailureMode.HTTP_500, "all"));
        failures.heal();
        assertThat(failures.failureFor(Journal.Kind.POLL, null)).isNull();
    }

    @Test
    void aDownTokenEndpointRefusesTokensWhateverItsTarget() {
        failures.set(Failure.of(FailureMode.TOKEN_ENDPOINT_DOWN, "poll"));
        assertThat(failures.failureFor(Journal.Kind.TOKEN, null).mode()).isEqualTo(FailureMode.TOKEN_ENDPOINT_DOWN);
        assertThat(failures.failureFor(Journal.Kind.POLL, null).mode()).isEqualTo(FailureMode.TOKEN_ENDPOINT_DOWN);
        assertThat(failures.failureFor(Journal.Kind.HEARTBEAT, null)).isNull();
    }
}
