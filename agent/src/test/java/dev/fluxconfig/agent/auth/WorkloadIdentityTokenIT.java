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
@WithTestResource(value = EmulatorResource.class, initArgs = @ResourceArg(name = "mode", value = "workload-identity"))
class WorkloadIdentityTokenIT extends TokenModeITBase {

    @Override
    void assertTokenRequest(Journal.Exchange request) {
        String body = request.body();
        assertThat(request.path()).startsWith("/" + EmulatorResource.TENANT + "/oauth2/v2.0/token");
        // the federated token file, as it is, is the client assertion
        assertThat(body).contains("client_assertion=" + EmulatorResource.FEDERATED_TOKEN).doesNotContain("client_secret=");
    }
}
