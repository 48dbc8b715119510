package dev.fluxconfig.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.fluxconfig.model.v1alpha1.spec.AzureBlobDefinition;
import dev.fluxconfig.model.v1alpha1.spec.ServicePrincipalDefinition;

/** The AzureBlob rules on their own: container names and the service principal's settings. */
class AzureBlobRulesTest {

    static final String VALUE = FluxConfigValidatorTest.b64("value");

    static List<ValidationError> check(AzureBlobDefinition blob, Map<String, String> secrets) {
        return RuleRuns.run(secrets, r -> AzureBlobRules.check(blob, r));
    }

    static AzureBlobDefinition withServicePrincipal() {
        AzureBlobDefinition b = FluxConfigValidatorTest.blob();
        ServicePrincipalDefinition sp = new ServicePrincipalDefinition();
        sp.setClientId("client");
        sp.setTenantId("tenant");
        b.setServicePrincipal(sp);
        return b;
    }

    @Test
    void aServicePrincipalWithASecretIsValid() {
        assertThat(check(withServicePrincipal(), Map.of("clientSecret", VALUE))).isEmpty();
        assertThat(check(withServicePrincipal(), Map.of("clientCertificate", VALUE, "clientCertificatePassword", "pw")))
                .isEmpty();
    }

    @Test
    void theContainerNameIsRequiredAndThreeToSixtyThreeCharacters() {
        AzureBlobDefinition b = FluxConfigValidatorTest.blob();
        b.setContainerName("");
        assertThat(check(b, Map.of("accountKey", VALUE)))
                .containsExactly(new ValidationError("azureBlob.containerName", "is required"));
        b.setContainerName("ab");
        assertThat(check(b, Map.of("accountKey", VALUE))).extracting(ValidationError::field)
                .containsExactly("azureBlob.containerName");
        b.setContainerName("c".repeat(64));
        assertThat(check(b, Map.of("accountKey", VALUE))).containsExactly(
                new ValidationError("azureBlob.containerName", "is 64 characters long; at most 63 are allowed"));
        b.setContainerName("c".repeat(63));
        assertThat(check(b, Map.of("accountKey", VALUE))).isEmpty();
    }

    @Test
    void aServicePrincipalNeedsExactlyOneOfSecretAndCertificate() {
        assertThat(check(withServicePrincipal(), Map.of())).containsExactly(new ValidationError(
                "azureBlob.servicePrincipal", "needs the protected setting clientSecret or clientCertificate"));
        assertThat(check(withServicePrincipal(), Map.of("clientSecret", VALUE, "clientCertificate", VALUE)))
                .containsExactly(new ValidationError("azureBlob.servicePrincipal",
                        "clientSecret and clientCertificate are mutually exclusive"));
    }

    @Test
    void aServicePrincipalNeedsItsClientId() {
        AzureBlobDefinition b = withServicePrincipal();
        b.getServicePrincipal().setClientId(null);
        assertThat(check(b, Map.of("clientSecret", VALUE)))
                .containsExactly(new ValidationError("azureBlob.servicePrincipal.clientId", "is required"));
    }

    @Test
    void aClientSecretWithoutServicePrincipalNamesTheMissingPrincipal() {
        assertThat(check(FluxConfigValidatorTest.blob(), Map.of("clientSecret", VALUE))).containsExactly(
                new ValidationError("azureBlob.servicePrincipal",
                        "is required when clientSecret or clientCertificate is given"));
    }

    @Test
    void theClientCertificateMustBeBase64() {
        assertThat(check(withServicePrincipal(), Map.of("clientCertificate", "not base64!")))
                .containsExactly(new ValidationError("configurationProtectedSettings.clientCertificate",
                        "must be base64-encoded"));
    }
}
