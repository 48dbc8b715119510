package dev.fluxconfig.agent.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class VertxMsalHttpClientTest {

    static final String IMDS = "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fx";

    @Test
    void imdsRequestsGoToTheConfiguredEndpoint() {
        VertxMsalHttpClient c = new VertxMsalHttpClient(null, Duration.ofSeconds(1), URI.create("http://127.0.0.1:9999/"));
        assertThat(c.target(IMDS)).isEqualTo(
                "http://127.0.0.1:9999/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fx");
        assertThat(c.target("https://login.microsoftonline.com/t/oauth2/v2.0/token"))
                .isEqualTo("https://login.microsoftonline.com/t/oauth2/v2.0/token");
    }

    @Test
    void withoutAnEndpointNothingIsRewritten() {
        assertThat(new VertxMsalHttpClient(null, Duration.ofSeconds(1), null).target(IMDS)).isEqualTo(IMDS);
    }

    @Test
    void theManagedIdentityResourceIsTheScopeWithoutDefault() {
        assertThat(MsalTokenSource.resource("https://management.azure.com/.default")).isEqualTo("https://management.azure.com");
        assertThat(MsalTokenSource.resource("api://x")).isEqualTo("api://x");
    }
}
