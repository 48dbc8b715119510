package dev.fluxconfig.agent.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fluxconfig.agent.testing.EmulatorResource;
import dev.fluxconfig.agent.testing.RealKubeResource;
import dev.fluxconfig.sandbox.emulator.Journal;

@QuarkusTest
@WithTestResource(RealKubeResource.class)
@WithTestResource(value = EmulatorResource.class, initArgs = @ResourceArg(name = "mode", value = "client-secret"))
class ClientSecretTokenIT extends TokenModeITBase {

    @Override
    void assertTokenRequest(Journal.Exchange request) {
        String body = request.body();
        assertThat(request.path()).startsWith("/" + EmulatorResource.TENANT + "/oauth2/v2.0/token");
        assertThat(body).contains("grant_type=client_credentials").contains("client_id=" + EmulatorResource.CLIENT_ID)
                .contains("client_secret=");
    }
}
