package dev.fluxconfig.agent.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.fluxconfig.agent.health.AgentHealth;
import dev.fluxconfig.agent.testing.InjectEmulator;
import dev.fluxconfig.sandbox.emulator.DataPlaneEmulator;
import dev.fluxconfig.sandbox.emulator.Journal;

/**
 * One auth mode end to end: MSAL4J gets the token from the fake authority or IMDS endpoint, and the agent polls the data
 * plane with it (the fake data plane accepts no other token), so the agent becomes ready.
 */
abstract class TokenModeITBase {

    @InjectEmulator
    DataPlaneEmulator emulator;
    @Inject
    AgentHealth health;

    /** What the token request of this mode must look like. */
    abstract void assertTokenRequest(Journal.Exchange request);

    @Test
    void msalGetsTheTokenAndTheAgentPollsWithIt() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(health.problems()).isEmpty());
        List<Journal.Exchange> tokenRequests = emulator.journal().tokenRequests();
        assertThat(tokenRequests).isNotEmpty();
        tokenRequests.forEach(this::assertTokenRequest);
        assertThat(tokenRequests).anyMatch(e -> e.status() == 200);
        assertThat(emulator.journal().authorizations()).isNotEmpty()
                .allSatisfy(a -> assertThat(emulator.issued(a)).as("a token the emulator issued").isNotNull());
        assertThat(emulator.journal().polls(200)).isPositive();

        // the token is reused until it is close to expiry, not fetched for every poll
        long polls = emulator.journal().polls(200) + emulator.journal().polls(304);
        await().until(() -> emulator.journal().polls(200) + emulator.journal().polls(304) >= polls + 5);
        assertThat(emulator.journal().tokenRequests()).hasSize(tokenRequests.size());
    }
}
