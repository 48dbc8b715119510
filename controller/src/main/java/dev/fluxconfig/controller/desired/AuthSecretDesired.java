package dev.fluxconfig.controller.desired;

import static dev.fluxconfig.model.FluxConfigConstants.*;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.FluxConfigSpec;
import dev.fluxconfig.model.v1alpha1.spec.AzureBlobDefinition;
import dev.fluxconfig.model.v1alpha1.spec.GitRepositoryDefinition;

/**
 * The Flux-format auth Secret of a configuration's source, built from its protected settings: git https
 * ({@code username}/{@code password}/{@code ca.crt}), git ssh ({@code identity}/{@code known_hosts}, and
 * {@code identity.pub} for a generated key), bucket ({@code accesskey}/{@code secretkey}), Azure Blob (Flux's azure keys),
 * and OCI TLS ({@code tls.crt}/{@code tls.key}/{@code ca.crt}, in a second Secret).
 */
public final class AuthSecretDesired {

    /** Marks an auth Secret whose identity was generated here and must be kept for the life of the configuration. */
    public static final String ANNOTATION_GENERATED_KEY = GROUP + "/generated-key";

    /** GitHub's published Ed25519 host key, used when an ssh configuration brings no known hosts of its own. */
    static final String DEFAULT_KNOWN_HOSTS = "github.com ssh-ed25519 "
            + "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n";

    private AuthSecretDesired() {
    }

    /** Whether a git configuration needs a generated key: an ssh URL, no private key and no localAuthRef. */
    public static boolean needsGeneratedKey(FluxConfigSpec spec, ProtectedSettings settings) {
        GitRepositoryDefinition git = spec.getGitRepository();
        return git != null && isSsh(git.getUrl()) && git.getLocalAuthRef() == null && !settings.has(PS_SSH_PRIVATE_KEY);
    }

    static boolean isSsh(String url) {
        return url != null && (url.startsWith("ssh://") || url.startsWith("git@"));
    }

    /** The name the source's secretRef points at: localAuthRef, the generated auth Secret, or none. */
    public static Optional<String> secretRefName(FluxConfig config, ProtectedSettings settings) {
        FluxConfigSpec spec = config.getSpec();
        String local = switch (spec.getSourceKind()) {
            case GIT_REPOSITORY -> spec.getGitRepository().getLocalAuthRef();
            case BUCKET -> spec.getBucket().getLocalAuthRef();
            case AZURE_BLOB -> spec.getAzureBlob().getLocalAuthRef();
            case OCI_REPOSITORY -> spec.getOciRepository().getLocalAuthRef();
        };
        if (local != null) {
            return Optional.of(local);
        }
        return desired(config, settings, Optional.empty()).map(s -> s.getMetadata().getName());
    }

    /**
     * The auth Secret, if the configuration needs one.
     *
     * @param generatedKey the key pair to use for an ssh URL without a private key (kept across reconciles)
     */
    public static Optional<Secret> desired(FluxConfig config, ProtectedSettings settings,
            Optional<SshKeys.GeneratedKey> generatedKey) {
        FluxConfigSpec spec = config.getSpec();
        Map<String, String> data = new LinkedHashMap<>();
        boolean generated = false;
        switch (spec.getSourceKind()) {
            case GIT_REPOSITORY -> {
                GitRepositoryDefinition git = spec.getGitRepository();
                if (git.getLocalAuthRef() != null) {
                    return Optional.empty();
                }
                if (isSsh(git.getUrl())) {
                    if (settings.has(PS_SSH_PRIVATE_KEY)) {
                        data.put("identity", settings.decoded(PS_SSH_PRIVATE_KEY));
                    } else if (generatedKey.isPresent()) {
                        data.put("identity", generatedKey.get().privateKeyPem());
                        data.put("identity.pub", generatedKey.get().publicKey());
                        generated = true;
                    } else {
                        // the caller generates or reuses a key; the name is what matters here
                        data.put("identity", "");
                        generated = true;
                    }
                    data.put("known_hosts", git.getSshKnownHosts() != null && !git.getSshKnownHosts().isEmpty()
                            ? decode(git.getSshKnownHosts())
                            : DEFAULT_KNOWN_HOSTS);
                } else {
                    if (git.getHttpsUser() != null && !git.getHttpsUser().isEmpty()) {
                        data.put("username", git.getHttpsUser());
                        data.put("password", settings.has(PS_HTTPS_KEY) ? settings.decoded(PS_HTTPS_KEY) : "");
                    }
                    if (git.getHttpsCACert() != null && !git.getHttpsCACert().isEmpty()) {
                        data.put("ca.crt", decode(git.getHttpsCACert()));
                    }
                }
            }
            case BUCKET -> {
                if (spec.getBucket().getLocalAuthRef() != null || spec.getBucket().getAccessKey() == null) {
                    return Optional.empty();
                }
                data.put("accesskey", spec.getBucket().getAccessKey());
                data.put("secretkey", settings.has(PS_BUCKET_SECRET_KEY) ? settings.decoded(PS_BUCKET_SECRET_KEY) : "");
            }
            case AZURE_BLOB -> {
                AzureBlobDefinition blob = spec.getAzureBlob();
                if (blob.getLocalAuthRef() != null) {
                    return Optional.empty();
                }
                putIf(data, "accountKey", settings.raw(PS_ACCOUNT_KEY));
                putIf(data, "sasKey", settings.raw(PS_SAS_TOKEN));
                if (blob.getServicePrincipal() != null) {
                    putIf(data, "clientId", blob.getServicePrincipal().getClientId());
                    putIf(data, "tenantId", blob.getServicePrincipal().getTenantId());
                    putIf(data, "clientSecret", settings.raw(PS_CLIENT_SECRET));
                    if (settings.has(PS_CLIENT_CERTIFICATE)) {
                        data.put("clientCertificate", settings.decoded(PS_CLIENT_CERTIFICATE));
                    }
                    putIf(data, "clientCertificatePassword", settings.raw(PS_CLIENT_CERTIFICATE_PASSWORD));
                    if (Boolean.TRUE.equals(blob.getServicePrincipal().getClientCertificateSendChain())) {
                        data.put("clientCertificateSendChain", "true");
                    }
                }
                if (blob.getManagedIdentity() != null) {
                    putIf(data, "clientId", blob.getManagedIdentity().getClientId());
                }
            }
            case OCI_REPOSITORY -> {
                return Optional.empty();
            }
        }
        if (data.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(secret(config, authSecretName(config.getMetadata().getName()), data, generated));
    }

    /** The OCI TLS Secret (certSecretRef), if TLS material was given. */
    public static Optional<Secret> desiredTls(FluxConfig config, ProtectedSettings settings) {
        if (config.getSpec().getOciRepository() == null) {
            return Optional.empty();
        }
        Map<String, String> data = new LinkedHashMap<>();
        if (settings.has(PS_TLS_CLIENT_CERTIFICATE)) {
            data.put("tls.crt", settings.decoded(PS_TLS_CLIENT_CERTIFICATE));
        }
        if (settings.has(PS_TLS_PRIVATE_KEY)) {
            data.put("tls.key", settings.decoded(PS_TLS_PRIVATE_KEY));
        }
        if (settings.has(PS_TLS_CA_CERTIFICATE)) {
            data.put("ca.crt", settings.decoded(PS_TLS_CA_CERTIFICATE));
        }
        return data.isEmpty()
                ? Optional.empty()
                : Optional.of(secret(config, config.getMetadata().getName() + "-tls", data, false));
    }

    private static Secret secret(FluxConfig config, String name, Map<String, String> data, boolean generated) {
        Map<String, String> encoded = new LinkedHashMap<>();
        data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        SecretBuilder b = new SecretBuilder().withMetadata(ChildLabels.metadata(config, name)).withType("Opaque")
                .withData(encoded);
        if (generated) {
            b.editMetadata().addToAnnotations(ANNOTATION_GENERATED_KEY, "true").endMetadata();
        }
        return b.build();
    }

    private static void putIf(Map<String, String> data, String key, String value) {
        if (value != null && !value.isEmpty()) {
            data.put(key, value);
        }
    }

    private static String decode(String base64) {
        return new String(Base64.getMimeDecoder().decode(base64.strip()), StandardCharsets.UTF_8);
    }

    /** The generated key kept in an existing auth Secret, if it has one. */
    public static Optional<SshKeys.GeneratedKey> existingGeneratedKey(Secret current) {
        if (current == null || current.getData() == null || current.getMetadata().getAnnotations() == null
                || !"true".equals(current.getMetadata().getAnnotations().get(ANNOTATION_GENERATED_KEY))) {
            return Optional.empty();
        }
        String identity = current.getData().get("identity");
        String pub = current.getData().get("identity.pub");
        if (identity == null || pub == null || identity.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SshKeys.GeneratedKey(decode(identity), decode(pub)));
    }
}
