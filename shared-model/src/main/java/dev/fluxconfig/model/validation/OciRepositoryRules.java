package dev.fluxconfig.model.validation;

import static dev.fluxconfig.model.FluxConfigConstants.PS_TLS_CA_CERTIFICATE;
import static dev.fluxconfig.model.FluxConfigConstants.PS_TLS_CLIENT_CERTIFICATE;
import static dev.fluxconfig.model.FluxConfigConstants.PS_TLS_PRIVATE_KEY;
import static dev.fluxconfig.model.validation.ValidationRun.PROTECTED;

import java.util.Set;
import java.util.regex.Pattern;

import dev.fluxconfig.model.v1alpha1.spec.OciRepositoryDefinition;

/** The rules of an OCIRepository source: URL, tag, semver or digest, layer selector, identity and TLS settings. */
final class OciRepositoryRules {

    /** Protected-setting keys an OCIRepository source understands. */
    static final Set<String> PROTECTED_KEYS = Set.of(PS_TLS_CLIENT_CERTIFICATE, PS_TLS_PRIVATE_KEY, PS_TLS_CA_CERTIFICATE);

    private static final Pattern OCI_DIGEST = Pattern.compile("^sha256:[a-f0-9]{64}$");

    private OciRepositoryRules() {
    }

    static void check(OciRepositoryDefinition oci, ValidationRun run) {
        run.checkUrl("ociRepository.url", oci.getUrl(), Set.of("oci"), "oci://",
                "name a Secret with localAuthRef, or use useWorkloadIdentity");
        if (oci.getRepositoryRef() != null) {
            run.tooLong("ociRepository.repositoryRef.tag", oci.getRepositoryRef().getTag(), InputLimits.MAX_REF);
            if (!run.tooLong("ociRepository.repositoryRef.semver", oci.getRepositoryRef().getSemver(), InputLimits.MAX_REF)
                    && oci.getRepositoryRef().getSemver() != null && !oci.getRepositoryRef().getSemver().isEmpty()) {
                run.checkSemver("ociRepository.repositoryRef.semver", oci.getRepositoryRef().getSemver());
            }
        }
        if (oci.getLayerSelector() != null) {
            run.tooLong("ociRepository.layerSelector.mediaType", oci.getLayerSelector().getMediaType(),
                    InputLimits.MAX_TEXT);
        }
        run.checkSeconds("ociRepository.timeoutInSeconds", oci.getTimeoutInSeconds(), false);
        run.checkSeconds("ociRepository.syncIntervalInSeconds", oci.getSyncIntervalInSeconds(), false);
        run.checkLocalAuthRef("ociRepository.localAuthRef", oci.getLocalAuthRef());
        if (oci.getRepositoryRef() != null && oci.getRepositoryRef().getDigest() != null
                && !OCI_DIGEST.matcher(oci.getRepositoryRef().getDigest()).matches()) {
            run.error("ociRepository.repositoryRef.digest", "must be sha256:<64 hex digits>");
        }
        if (oci.getLayerSelector() != null && oci.getLayerSelector().getOperation() != null
                && !Set.of("extract", "copy").contains(oci.getLayerSelector().getOperation())) {
            run.error("ociRepository.layerSelector.operation", "must be extract or copy");
        }
        if (oci.getServiceAccountName() != null
                && !run.tooLong("ociRepository.serviceAccountName", oci.getServiceAccountName(), NameRules.MAX_SUBDOMAIN)
                && !NameRules.isDnsSubdomain(oci.getServiceAccountName())) {
            run.error("ociRepository.serviceAccountName", "'" + oci.getServiceAccountName() + "' is not a valid name");
        }
        if (oci.getLocalAuthRef() != null && Boolean.TRUE.equals(oci.getUseWorkloadIdentity())) {
            run.error("ociRepository.localAuthRef", "cannot be combined with useWorkloadIdentity");
        }
        if (run.hasSecret(PS_TLS_PRIVATE_KEY) != run.hasSecret(PS_TLS_CLIENT_CERTIFICATE)) {
            run.error(PROTECTED + "." + (run.hasSecret(PS_TLS_PRIVATE_KEY) ? PS_TLS_CLIENT_CERTIFICATE : PS_TLS_PRIVATE_KEY),
                    "tlsClientCertificate and tlsPrivateKey must be given together");
        }
        run.checkBase64Secret(PS_TLS_CLIENT_CERTIFICATE, false);
        run.checkBase64Secret(PS_TLS_PRIVATE_KEY, false);
        run.checkBase64Secret(PS_TLS_CA_CERTIFICATE, false);
    }
}
