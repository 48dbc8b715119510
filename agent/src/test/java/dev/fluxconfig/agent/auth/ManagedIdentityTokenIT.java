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
@WithTestResource(value = EmulatorResource.class, initArgs = @ResourceArg(name = "mode", value = "managed-identity"))
class ManagedIdentityTokenIT extends TokenModeITBase {

    @Override
    void assertTokenRequest(Journal.Exchange request) {
        // MSAL asks the well-known IMDS address; the agent sends it to the configured endpoint
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).contains("/metadata/identity/oauth2/token");
        // a GET's journalled body is its query
        assertThat(request.body()).contains("resource=https%3A%2F%2Fdp.fluxconfig.test");
        // the emulator answers 400 without "Metadata: true" and for any other resource
        assertThat(request.status()).isEqualTo(200);
    }
}
