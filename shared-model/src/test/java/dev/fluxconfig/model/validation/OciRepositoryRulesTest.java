package dev.fluxconfig.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.fluxconfig.model.v1alpha1.spec.OciRepositoryDefinition;
import dev.fluxconfig.model.v1alpha1.spec.OciRepositoryRef;

/** The OCIRepository rules on their own: semver, service account, workload identity and the TLS settings. */
class OciRepositoryRulesTest {

    static final String PEM = FluxConfigValidatorTest.b64("pem");

    static List<ValidationError> check(OciRepositoryDefinition oci, Map<String, String> secrets) {
        return RuleRuns.run(secrets, r -> OciRepositoryRules.check(oci, r));
    }

    static OciRepositoryDefinition oci() {
        OciRepositoryDefinition o = new OciRepositoryDefinition();
        o.setUrl("oci://ghcr.io/org/manifests");
        return o;
    }

    @Test
    void aRepositoryWithClientTlsIsValid() {
        assertThat(check(oci(), Map.of("tlsClientCertificate", PEM, "tlsPrivateKey", PEM, "tlsCaCertificate", PEM)))
                .isEmpty();
    }

    @Test
    void theSemverRangeMustBeOneFluxCanRead() {
        OciRepositoryDefinition o = oci();
        OciRepositoryRef ref = new OciRepositoryRef();
        ref.setSemver(">=1.0.0 <2.0.0");
        o.setRepositoryRef(ref);
        assertThat(check(o, Map.of())).isEmpty();
        ref.setSemver("latest");
        assertThat(check(o, Map.of())).containsExactly(new ValidationError("ociRepository.repositoryRef.semver",
                "'latest' is not a semver range such as 1.2.x, >=1.0.0 <2.0.0 or ^1.2 || ~2.0"));
    }

    @Test
    void theServiceAccountNameMustBeAnObjectName() {
        OciRepositoryDefinition o = oci();
        o.setServiceAccountName("puller.sa");
        assertThat(check(o, Map.of())).isEmpty();
        o.setServiceAccountName("Puller");
        assertThat(check(o, Map.of()))
                .containsExactly(new ValidationError("ociRepository.serviceAccountName", "'Puller' is not a valid name"));
        o.setServiceAccountName("s".repeat(254));
        assertThat(check(o, Map.of())).containsExactly(
                new ValidationError("ociRepository.serviceAccountName", "is 254 characters long; at most 253 are allowed"));
    }

    @Test
    void aSecretAndWorkloadIdentityExcludeEachOther() {
        OciRepositoryDefinition o = oci();
        o.setLocalAuthRef("registry-auth");
        o.setUseWorkloadIdentity(true);
        assertThat(check(o, Map.of())).containsExactly(
                new ValidationError("ociRepository.localAuthRef", "cannot be combined with useWorkloadIdentity"));
    }

    @Test
    void aClientCertificateWithoutKeyNamesTheKey() {
        assertThat(check(oci(), Map.of("tlsClientCertificate", PEM))).containsExactly(new ValidationError(
                "configurationProtectedSettings.tlsPrivateKey",
                "tlsClientCertificate and tlsPrivateKey must be given together"));
    }

    @Test
    void theCaCertificateMustBeBase64() {
        assertThat(check(oci(), Map.of("tlsCaCertificate", "not base64!"))).containsExactly(
                new ValidationError("configurationProtectedSettings.tlsCaCertificate", "must be base64-encoded"));
    }
}
