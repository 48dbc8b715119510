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
@WithTestResource(value = EmulatorResource.class, initArgs = @ResourceArg(name = "mode", value = "client-certificate"))
class ClientCertificateTokenIT extends TokenModeITBase {

    @Override
    void assertTokenRequest(Journal.Exchange request) {
        String body = request.body();
        assertThat(request.path()).startsWith("/" + EmulatorResource.TENANT + "/oauth2/v2.0/token");
        // a JWT signed with the certificate's key, never a secret
        assertThat(body).contains("client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer")
                .contains("client_assertion=eyJ").doesNotContain("client_secret=");
    }
}
