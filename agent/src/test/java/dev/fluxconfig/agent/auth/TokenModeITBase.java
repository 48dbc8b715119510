package dev.fluxconfig.agent.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import dev.fluxconfig.agent.health.AgentHealth;
import dev.fluxconfig.agent.testing.FakeAzure;
import dev.fluxconfig.agent.testing.InjectFakeAzure;

/**
 * One auth mode end to end: MSAL4J gets the token from the fake authority or IMDS endpoint, and the agent polls the data
 * plane with it (the fake data plane accepts no other token), so the agent becomes ready.
 */
abstract class TokenModeITBase {

    @InjectFakeAzure
    FakeAzure azure;
    @Inject
    AgentHealth health;

    /** What the token request of this mode must look like. */
    abstract void assertTokenRequest(ServeEvent request);

    @Test
    void msalGetsTheTokenAndTheAgentPollsWithIt() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(health.problems()).isEmpty());
        List<ServeEvent> tokenRequests = azure.tokenRequests();
        assertThat(tokenRequests).isNotEmpty();
        tokenRequests.forEach(this::assertTokenRequest);
        assertThat(tokenRequests).anyMatch(e -> e.getResponse().getStatus() == 200);
        assertThat(azure.authorizations()).isNotEmpty().allMatch(("Bearer " + azure.token())::equals);
        assertThat(azure.polls(200)).isPositive();

        // the token is reused until it is close to expiry, not fetched for every poll
        long polls = azure.polls(200) + azure.polls(304);
        await().until(() -> azure.polls(200) + azure.polls(304) >= polls + 5);
        assertThat(azure.tokenRequests()).hasSize(tokenRequests.size());
    }
}
