package dev.fluxconfig.model.validation;

import static dev.fluxconfig.model.FluxConfigConstants.PS_ACCOUNT_KEY;
import static dev.fluxconfig.model.FluxConfigConstants.PS_CLIENT_CERTIFICATE;
import static dev.fluxconfig.model.FluxConfigConstants.PS_CLIENT_CERTIFICATE_PASSWORD;
import static dev.fluxconfig.model.FluxConfigConstants.PS_CLIENT_SECRET;
import static dev.fluxconfig.model.FluxConfigConstants.PS_SAS_TOKEN;
import static dev.fluxconfig.model.validation.ValidationRun.PROTECTED;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.fluxconfig.model.v1alpha1.spec.AzureBlobDefinition;
import dev.fluxconfig.model.v1alpha1.spec.ServicePrincipalDefinition;

/** The rules of an AzureBlob source: URL, container name, and at most one authentication method. */
final class AzureBlobRules {

    /** Protected-setting keys an AzureBlob source understands. */
    static final Set<String> PROTECTED_KEYS = Set.of(PS_ACCOUNT_KEY, PS_SAS_TOKEN, PS_CLIENT_SECRET, PS_CLIENT_CERTIFICATE,
            PS_CLIENT_CERTIFICATE_PASSWORD);

    /** Azure's container rule; stricter than the CRD's pattern, which cannot refuse "--" (RE2 has no look-ahead). */
    private static final Pattern CONTAINER_NAME = Pattern.compile("^[a-z0-9](?!.*--)[a-z0-9\\-]{1,61}[a-z0-9]$");

    private AzureBlobRules() {
    }

    static void check(AzureBlobDefinition blob, ValidationRun run) {
        run.checkUrl("azureBlob.url", blob.getUrl(), Set.of("http", "https"), "http:// or https://",
                "give the protected setting accountKey or sasToken, a servicePrincipal, or name a Secret with localAuthRef");
        String container = blob.getContainerName();
        if (container == null || container.isEmpty()) {
            run.error("azureBlob.containerName", "is required");
        } else if (!run.tooLong("azureBlob.containerName", container, InputLimits.MAX_BUCKET_NAME)
                && !CONTAINER_NAME.matcher(container).matches()) {
            run.error("azureBlob.containerName", "'" + container
                    + "' must be 3 to 63 lower-case letters, digits and single '-', starting and ending with a letter or digit");
        }
        run.checkSeconds("azureBlob.timeoutInSeconds", blob.getTimeoutInSeconds(), false);
        run.checkSeconds("azureBlob.syncIntervalInSeconds", blob.getSyncIntervalInSeconds(), false);
        run.checkLocalAuthRef("azureBlob.localAuthRef", blob.getLocalAuthRef());

        List<String> methods = new ArrayList<>();
        ServicePrincipalDefinition sp = blob.getServicePrincipal();
        if (sp != null) {
            methods.add("servicePrincipal");
            run.tooLong("azureBlob.servicePrincipal.clientId", sp.getClientId(), InputLimits.MAX_TEXT);
            run.tooLong("azureBlob.servicePrincipal.tenantId", sp.getTenantId(), InputLimits.MAX_TEXT);
            if (sp.getClientId() == null || sp.getClientId().isEmpty()) {
                run.error("azureBlob.servicePrincipal.clientId", "is required");
            }
            if (sp.getTenantId() == null || sp.getTenantId().isEmpty()) {
                run.error("azureBlob.servicePrincipal.tenantId", "is required");
            }
            boolean secret = run.hasSecret(PS_CLIENT_SECRET);
            boolean cert = run.hasSecret(PS_CLIENT_CERTIFICATE);
            if (run.secretsKnown() && secret == cert) {
                run.error("azureBlob.servicePrincipal", secret
                        ? "clientSecret and clientCertificate are mutually exclusive"
                        : "needs the protected setting clientSecret or clientCertificate");
            }
        }
        if (run.hasSecret(PS_CLIENT_CERTIFICATE_PASSWORD) && !run.hasSecret(PS_CLIENT_CERTIFICATE)) {
            run.error(PROTECTED + "." + PS_CLIENT_CERTIFICATE_PASSWORD, "needs clientCertificate");
        }
        if (sp == null && (run.hasSecret(PS_CLIENT_SECRET) || run.hasSecret(PS_CLIENT_CERTIFICATE))) {
            run.error("azureBlob.servicePrincipal", "is required when clientSecret or clientCertificate is given");
        }
        if (run.hasSecret(PS_ACCOUNT_KEY)) {
            methods.add("accountKey");
        }
        if (run.hasSecret(PS_SAS_TOKEN)) {
            methods.add("sasToken");
        }
        if (blob.getLocalAuthRef() != null) {
            methods.add("localAuthRef");
        }
        if (blob.getManagedIdentity() != null) {
            methods.add("managedIdentity");
        }
        if (methods.size() > 1) {
            run.error("azureBlob", "gives " + String.join(", ", methods)
                    + "; at most one of servicePrincipal, accountKey, sasToken, localAuthRef and managedIdentity is allowed");
        }
        run.checkBase64Secret(PS_CLIENT_CERTIFICATE, false);
    }
}
