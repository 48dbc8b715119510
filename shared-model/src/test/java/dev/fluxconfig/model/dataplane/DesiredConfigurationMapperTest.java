package dev.fluxconfig.model.dataplane;

import static dev.fluxconfig.model.FluxConfigConstants.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.spec.KustomizationDefinition;
import dev.fluxconfig.model.v1alpha1.spec.ScopeType;
import dev.fluxconfig.model.v1alpha1.spec.SourceKind;
import dev.fluxconfig.model.validation.FluxConfigValidator;
import dev.fluxconfig.model.validation.ValidationError;

class DesiredConfigurationMapperTest {

    private final ObjectMapper json = new ObjectMapper();

    private DesiredConfiguration read(String body) throws Exception {
        return json.readValue(body, DesiredConfiguration.class);
    }

    @Test
    void tutorialBecomesAFluxConfigWithAKustomizationList() throws Exception {
        MappedConfiguration m = DesiredConfigurationMapper.map(
                read("""
                        {"name":"cluster-config","operationId":"op-1","correlationId":"corr-1","version":3,
                         "properties":{"scope":"cluster","namespace":"cluster-config","sourceKind":"GitRepository",
                           "gitRepository":{"url":"https://github.com/Azure/gitops-flux2-kustomize-helm-mt","repositoryRef":{"branch":"main"}},
                           "kustomizations":{"infra":{"path":"./infrastructure","prune":true},
                                             "apps":{"path":"./apps/staging","prune":true,"dependsOn":["infra"]}},
                           "configurationProtectedSettings":{"httpsKey":"c2VjcmV0"}}}
                        """));
        FluxConfig cr = m.config();
        assertThat(m.errors()).isEmpty();
        assertThat(cr.getMetadata().getName()).isEqualTo("cluster-config");
        assertThat(cr.getMetadata().getNamespace()).isEqualTo("cluster-config");
        assertThat(cr.getMetadata().getLabels()).containsEntry(LABEL_MANAGED_BY, MANAGED_BY_AGENT);
        assertThat(cr.getSpec().getScope()).isEqualTo(ScopeType.CLUSTER);
        assertThat(cr.getSpec().getSourceKind()).isEqualTo(SourceKind.GIT_REPOSITORY);
        assertThat(cr.getSpec().getKustomizations()).extracting(KustomizationDefinition::getName).containsExactly("infra",
                "apps");
        KustomizationDefinition apps = cr.getSpec().getKustomizations().get(1);
        assertThat(apps.getDependsOn()).containsExactly("infra");
        assertThat(apps.getWait()).as("ARM default").isTrue();
        assertThat(apps.getSyncIntervalInSeconds()).as("ARM default").isEqualTo(600L);
        assertThat(cr.getSpec().getGitRepository().getTimeoutInSeconds()).isEqualTo(600L);
        assertThat(cr.getSpec().getOperationId()).isEqualTo("op-1");
        assertThat(cr.getSpec().getCorrelationId()).isEqualTo("corr-1");
        assertThat(cr.getSpec().getProtectedSettingsSecretRef().getName()).isEqualTo("cluster-config-protected-parameters");
        assertThat(m.protectedSettings()).containsExactly(Map.entry("httpsKey", "c2VjcmV0"));
        assertThat(json.writeValueAsString(cr)).doesNotContain("c2VjcmV0");
        assertThat(m.toString()).doesNotContain("c2VjcmV0");
    }

    @Test
    void absentProtectedSettingsAreUnknownNotEmpty() throws Exception {
        MappedConfiguration m = DesiredConfigurationMapper.map(read("""
                {"name":"c","properties":{"gitRepository":{"url":"https://h/r","repositoryRef":{"branch":"main"}}}}
                """));
        assertThat(m.protectedSettings()).isNull();
        assertThat(m.config().getSpec().getProtectedSettingsSecretRef()).as("no Secret for the controller to wait for")
                .isNull();
        assertThat(m.namespace()).isEqualTo("default");
        assertThat(m.config().getSpec().getScope()).isEqualTo(ScopeType.CLUSTER);
        assertThat(m.config().getSpec().getSourceKind()).isEqualTo(SourceKind.GIT_REPOSITORY);
    }

    @Test
    void azureBlobAndOciBodySecretsMoveToProtectedSettings() throws Exception {
        MappedConfiguration blob = DesiredConfigurationMapper.map(read("""
                {"name":"blob","properties":{"namespace":"ns","sourceKind":"AzureBlob",
                  "azureBlob":{"url":"https://acct.blob.core.windows.net","containerName":"cfg","accountKey":"",
                    "servicePrincipal":{"clientId":"cid","tenantId":"tid","clientSecret":"sp-secret-value",
                       "clientCertificatePassword":"pw-value"}},
                  "kustomizations":{"k":{}}}}
                """));
        assertThat(blob.protectedSettings()).containsOnly(Map.entry(PS_CLIENT_SECRET, "sp-secret-value"),
                Map.entry(PS_CLIENT_CERTIFICATE_PASSWORD, "pw-value"));
        assertThat(blob.config().getSpec().getAzureBlob().getServicePrincipal().getClientId()).isEqualTo("cid");
        String blobCr = json.writeValueAsString(blob.config());
        assertThat(blobCr).doesNotContain("sp-secret-value").doesNotContain("pw-value");

        MappedConfiguration oci = DesiredConfigurationMapper.map(read("""
                {"name":"oci","properties":{"namespace":"ns","sourceKind":"OCIRepository",
                  "ociRepository":{"url":"oci://registry/app","repositoryRef":{"tag":"v1"},
                    "tlsConfig":{"clientCertificate":"Y2VydA==","privateKey":"a2V5LXZhbHVl","caCertificate":"Y2E="}},
                  "kustomizations":{"k":{}}}}
                """));
        assertThat(oci.protectedSettings()).containsOnly(Map.entry(PS_TLS_CLIENT_CERTIFICATE, "Y2VydA=="),
                Map.entry(PS_TLS_PRIVATE_KEY, "a2V5LXZhbHVl"), Map.entry(PS_TLS_CA_CERTIFICATE, "Y2E="));
        assertThat(json.writeValueAsString(oci.config())).doesNotContain("a2V5LXZhbHVl");
        List<ValidationError> errors = FluxConfigValidator.validate(oci.config(), oci.protectedSettings());
        assertThat(errors).isEmpty();
    }

    @Test
    void badEnumerationValuesAreErrorsNamingTheField() throws Exception {
        MappedConfiguration m = DesiredConfigurationMapper.map(read("""
                {"name":"c","properties":{"scope":"galaxy","sourceKind":"Svn","kustomizations":{"a":null,"b":{"name":"x"}}}}
                """));
        assertThat(m.errors()).extracting(ValidationError::field).containsExactlyInAnyOrder("scope", "sourceKind",
                "kustomizations[a]", "kustomizations[b].name");
        assertThat(m.errors().get(0).message()).contains("galaxy");
    }

    @Test
    void kustomizationOrderFollowsTheWire() throws Exception {
        Map<String, KustomizationDefinition> ks = new LinkedHashMap<>();
        for (String n : List.of("z", "a", "m")) {
            ks.put(n, new KustomizationDefinition());
        }
        FluxConfigurationProperties p = new FluxConfigurationProperties(null, "ns", null, null, null, null, null, null,
                ks, null, null, null);
        MappedConfiguration m = DesiredConfigurationMapper.map(new DesiredConfiguration("c", null, null, 1L, p));
        assertThat(m.config().getSpec().getKustomizations()).extracting(KustomizationDefinition::getName)
                .containsExactly("z", "a", "m");
    }
}
