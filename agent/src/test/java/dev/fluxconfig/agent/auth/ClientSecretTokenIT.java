package dev.fluxconfig.agent.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fluxconfig.agent.testing.FakeAzure;
import dev.fluxconfig.agent.testing.FakeAzureResource;
import dev.fluxconfig.agent.testing.RealKubeResource;

@QuarkusTest
@WithTestResource(RealKubeResource.class)
@WithTestResource(value = FakeAzureResource.class, initArgs = @ResourceArg(name = "mode", value = "client-secret"))
class ClientSecretTokenIT extends TokenModeITBase {

    @Override
    void assertTokenRequest(ServeEvent request) {
        String body = request.getRequest().getBodyAsString();
        assertThat(request.getRequest().getUrl()).startsWith("/" + FakeAzure.TENANT + "/oauth2/v2.0/token");
        assertThat(body).contains("grant_type=client_credentials").contains("client_id=" + FakeAzure.CLIENT_ID)
                .contains("client_secret=");
    }
}
