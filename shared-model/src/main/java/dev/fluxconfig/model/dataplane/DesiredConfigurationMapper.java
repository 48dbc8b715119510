package dev.fluxconfig.model.dataplane;

import static dev.fluxconfig.model.FluxConfigConstants.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.FluxConfigSpec;
import dev.fluxconfig.model.v1alpha1.spec.AzureBlobDefinition;
import dev.fluxconfig.model.v1alpha1.spec.KustomizationDefinition;
import dev.fluxconfig.model.v1alpha1.spec.OciRepositoryDefinition;
import dev.fluxconfig.model.v1alpha1.spec.ScopeType;
import dev.fluxconfig.model.v1alpha1.spec.SecretRef;
import dev.fluxconfig.model.v1alpha1.spec.ServicePrincipalDefinition;
import dev.fluxconfig.model.v1alpha1.spec.SourceKind;
import dev.fluxconfig.model.validation.ValidationError;

/**
 * Turns a configuration from the data plane into the FluxConfig resource the agent applies. Secrets that ARM carries in
 * the body (Azure Blob keys, service-principal secrets, OCI TLS material) move to the protected settings, under the
 * {@code PS_*} keys of {@link dev.fluxconfig.model.FluxConfigConstants}; they never reach the resource.
 */
public final class DesiredConfigurationMapper {

    /** ARM's default namespace of a configuration. */
    public static final String DEFAULT_NAMESPACE = "default";

    private DesiredConfigurationMapper() {
    }

    public static MappedConfiguration map(DesiredConfiguration desired) {
        List<ValidationError> errors = new ArrayList<>();
        FluxConfigurationProperties p = desired.properties();
        String name = desired.name();
        String namespace = p == null || p.namespace() == null ? DEFAULT_NAMESPACE : p.namespace();

        FluxConfig config = new FluxConfig();
        // the controller's finalizer from the start: the controller then has no finalizer write to make for the
        // FluxConfigs the project creates (the agent, and the sandbox CLI through the data plane), only for those made by
        // hand
        config.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace)
                .addToLabels(LABEL_MANAGED_BY, MANAGED_BY_AGENT).addToFinalizers(FINALIZER).build());
        FluxConfigSpec spec = new FluxConfigSpec();
        config.setSpec(spec);
        spec.setOperationId(desired.operationId());
        spec.setCorrelationId(desired.correlationId());
        if (p == null) {
            errors.add(new ValidationError("properties", "is required"));
            return new MappedConfiguration(name, namespace, config, null, errors);
        }

        if (p.scope() != null) {
            ScopeType scope = ScopeType.fromValue(p.scope());
            if (scope == null) {
                errors.add(new ValidationError("scope", "'" + p.scope() + "' must be cluster or namespace"));
            }
            spec.setScope(scope);
        }
        if (p.sourceKind() != null) {
            SourceKind kind = SourceKind.fromValue(p.sourceKind());
            if (kind == null) {
                errors.add(new ValidationError("sourceKind",
                        "'" + p.sourceKind() + "' must be GitRepository, Bucket, AzureBlob or OCIRepository"));
            }
            spec.setSourceKind(kind);
        }
        if (p.suspend() != null) {
            spec.setSuspend(p.suspend());
        }
        spec.setWaitForReconciliation(p.waitForReconciliation());
        spec.setReconciliationWaitDuration(p.reconciliationWaitDuration());
        spec.setGitRepository(p.gitRepository());
        spec.setBucket(p.bucket());

        Map<String, String> secrets = new LinkedHashMap<>();
        if (p.configurationProtectedSettings() != null) {
            p.configurationProtectedSettings().forEach((k, v) -> {
                if (v != null) {
                    secrets.put(k, v);
                }
            });
        }
        spec.setAzureBlob(azureBlob(p.azureBlob(), secrets));
        spec.setOciRepository(oci(p.ociRepository(), secrets));
        spec.setKustomizations(kustomizations(p.kustomizations(), errors));

        boolean sent = p.configurationProtectedSettings() != null || !secrets.isEmpty();
        if (sent && name != null) {
            // named only when there is a Secret to wait for: the controller holds the configuration until it exists
            spec.setProtectedSettingsSecretRef(new SecretRef(protectedSettingsSecretName(name)));
        }
        return new MappedConfiguration(name, namespace, config, sent ? secrets : null, errors);
    }

    private static List<KustomizationDefinition> kustomizations(Map<String, KustomizationDefinition> given,
            List<ValidationError> errors) {
        List<KustomizationDefinition> list = new ArrayList<>();
        if (given == null) {
            return list;
        }
        given.forEach((key, k) -> {
            if (k == null) {
                errors.add(new ValidationError("kustomizations[" + key + "]", "has no definition"));
                return;
            }
            if (k.getName() != null && !k.getName().equals(key)) {
                errors.add(new ValidationError("kustomizations[" + key + "].name",
                        "'" + k.getName() + "' differs from its key '" + key + "'"));
            }
            k.setName(key);
            if (k.getPath() == null) {
                k.setPath("");
            }
            list.add(k);
        });
        return list;
    }

    private static AzureBlobDefinition azureBlob(AzureBlobSource wire, Map<String, String> secrets) {
        if (wire == null) {
            return null;
        }
        AzureBlobDefinition blob = new AzureBlobDefinition();
        blob.setUrl(wire.url());
        blob.setContainerName(wire.containerName());
        if (wire.timeoutInSeconds() != null) {
            blob.setTimeoutInSeconds(wire.timeoutInSeconds());
        }
        if (wire.syncIntervalInSeconds() != null) {
            blob.setSyncIntervalInSeconds(wire.syncIntervalInSeconds());
        }
        blob.setManagedIdentity(wire.managedIdentity());
        blob.setLocalAuthRef(wire.localAuthRef());
        putSecret(secrets, PS_ACCOUNT_KEY, wire.accountKey());
        putSecret(secrets, PS_SAS_TOKEN, wire.sasToken());
        ServicePrincipal sp = wire.servicePrincipal();
        if (sp != null) {
            ServicePrincipalDefinition def = new ServicePrincipalDefinition();
            def.setClientId(sp.clientId());
            def.setTenantId(sp.tenantId());
            def.setClientCertificateSendChain(sp.clientCertificateSendChain());
            blob.setServicePrincipal(def);
            putSecret(secrets, PS_CLIENT_SECRET, sp.clientSecret());
            putSecret(secrets, PS_CLIENT_CERTIFICATE, sp.clientCertificate());
            putSecret(secrets, PS_CLIENT_CERTIFICATE_PASSWORD, sp.clientCertificatePassword());
        }
        return blob;
    }

    private static OciRepositoryDefinition oci(OciRepositorySource wire, Map<String, String> secrets) {
        if (wire == null) {
            return null;
        }
        OciRepositoryDefinition oci = new OciRepositoryDefinition();
        oci.setUrl(wire.url());
        if (wire.timeoutInSeconds() != null) {
            oci.setTimeoutInSeconds(wire.timeoutInSeconds());
        }
        if (wire.syncIntervalInSeconds() != null) {
            oci.setSyncIntervalInSeconds(wire.syncIntervalInSeconds());
        }
        oci.setRepositoryRef(wire.repositoryRef());
        oci.setLayerSelector(wire.layerSelector());
        if (wire.insecure() != null) {
            oci.setInsecure(wire.insecure());
        }
        if (wire.useWorkloadIdentity() != null) {
            oci.setUseWorkloadIdentity(wire.useWorkloadIdentity());
        }
        oci.setServiceAccountName(wire.serviceAccountName());
        oci.setLocalAuthRef(wire.localAuthRef());
        TlsConfig tls = wire.tlsConfig();
        if (tls != null) {
            putSecret(secrets, PS_TLS_CLIENT_CERTIFICATE, tls.clientCertificate());
            putSecret(secrets, PS_TLS_PRIVATE_KEY, tls.privateKey());
            putSecret(secrets, PS_TLS_CA_CERTIFICATE, tls.caCertificate());
        }
        return oci;
    }

    /** ARM answers secret body fields with "" when it has no value to show; only real values count. */
    private static void putSecret(Map<String, String> secrets, String key, String value) {
        if (value != null && !value.isEmpty()) {
            secrets.put(key, value);
        }
    }
}
