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
@WithTestResource(value = FakeAzureResource.class, initArgs = @ResourceArg(name = "mode", value = "workload-identity"))
class WorkloadIdentityTokenIT extends TokenModeITBase {

    @Override
    void assertTokenRequest(ServeEvent request) {
        String body = request.getRequest().getBodyAsString();
        assertThat(request.getRequest().getUrl()).startsWith("/" + FakeAzure.TENANT + "/oauth2/v2.0/token");
        // the federated token file, as it is, is the client assertion
        assertThat(body).contains("client_assertion=" + FakeAzureResource.FEDERATED_TOKEN).doesNotContain("client_secret=");
    }
}
