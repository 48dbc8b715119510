package dev.fluxconfig.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"600,10m0s", "0,0s", "59,59s", "60,1m0s", "3600,1h0m0s", "3725,1h2m5s", "86400,24h0m0s"})
    void secondsToFlux(long seconds, String flux) {
        assertThat(Durations.toFlux(seconds)).isEqualTo(flux);
        assertThat(Durations.parseFlux(flux)).isEqualTo(Duration.ofSeconds(seconds));
    }

    /** The source kinds' spec.timeout pattern has no hours: a timeout of an hour or more is written in minutes. */
    @Property
    void sourceTimeoutsMatchTheFluxSourcePattern(@ForAll @LongRange(min = 0, max = 35_791_394L) long seconds) {
        String value = Durations.toFluxMinutes(seconds);
        assertThat(value).matches("^([0-9]+(\\.[0-9]+)?(ms|s|m))+$");
        assertThat(Durations.parseFlux(value).getSeconds()).isEqualTo(seconds);
    }

    @ParameterizedTest
    @CsvSource({"600,10m0s", "3600,60m0s", "3725,62m5s", "59,59s", "0,0s"})
    void sourceTimeoutsInMinutes(long seconds, String flux) {
        assertThat(Durations.toFluxMinutes(seconds)).isEqualTo(flux);
    }

    @ParameterizedTest
    @CsvSource({"1h2m5s,3725", "10m,600", "60s,60", "1h,3600", "2m30s,150"})
    void cliForm(String cli, long seconds) {
        assertThat(Durations.parseCli(cli)).isEqualTo(seconds);
    }

    @ParameterizedTest
    @CsvSource({"600,10m", "3725,1h2m5s", "3600,1h", "45,45s"})
    void cliDisplay(long seconds, String cli) {
        assertThat(Durations.toCli(seconds)).isEqualTo(cli);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1d", "PT10M", "10mx", "m", "1h 2m", "-5s"})
    void badCliDurationsAreRefused(String bad) {
        assertThatThrownBy(() -> Durations.parseCli(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a duration");
    }

    @ParameterizedTest
    @CsvSource({"1.5h,5400000", "500ms,500", "1m30s,90000"})
    void goDurations(String go, long millis) {
        assertThat(Durations.parseFlux(go).toMillis()).isEqualTo(millis);
    }

    @Property
    void fluxRoundTrips(@ForAll @LongRange(min = 0, max = 35_791_394L) long seconds) {
        assertThat(Durations.parseFlux(Durations.toFlux(seconds)).getSeconds()).isEqualTo(seconds);
        assertThat(Durations.parseCli(Durations.toCli(seconds))).isEqualTo(seconds);
    }

    @ParameterizedTest
    @CsvSource({"PT5M,300", "P1D,86400", "PT1H,3600"})
    void iso(String iso, long seconds) {
        assertThat(Durations.parseIso(iso).getSeconds()).isEqualTo(seconds);
    }
}
