package dev.fluxconfig.model.dataplane;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.fluxconfig.model.v1alpha1.spec.BucketDefinition;
import dev.fluxconfig.model.v1alpha1.spec.GitRepositoryDefinition;
import dev.fluxconfig.model.v1alpha1.spec.KustomizationDefinition;

/**
 * The ARM {@code fluxConfigurations} properties as the data plane sends them. Kustomizations are an ARM map (name to
 * definition); {@code configurationProtectedSettings} is sent once, when it was set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FluxConfigurationProperties(String scope, String namespace, String sourceKind, Boolean suspend,
        GitRepositoryDefinition gitRepository, BucketDefinition bucket, AzureBlobSource azureBlob,
        OciRepositorySource ociRepository, Map<String, KustomizationDefinition> kustomizations,
        Map<String, String> configurationProtectedSettings, Boolean waitForReconciliation,
        String reconciliationWaitDuration) {
}
