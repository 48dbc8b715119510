package dev.fluxconfig.agent.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fluxconfig.agent.testing.FakeAzureResource;
import dev.fluxconfig.agent.testing.RealKubeResource;

@QuarkusTest
@WithTestResource(RealKubeResource.class)
@WithTestResource(value = FakeAzureResource.class, initArgs = @ResourceArg(name = "mode", value = "managed-identity"))
class ManagedIdentityTokenIT extends TokenModeITBase {

    @Override
    void assertTokenRequest(ServeEvent request) {
        String body = request.getRequest().getBodyAsString();
        // MSAL asks the well-known IMDS address; the agent sends it to the configured endpoint
        assertThat(request.getRequest().getUrl()).contains("/metadata/identity/oauth2/token")
                .contains("resource=https%3A%2F%2Fdp.fluxconfig.test");
        assertThat(request.getRequest().getHeader("Metadata")).isEqualTo("true");
        assertThat(body).isEmpty();
    }
}
