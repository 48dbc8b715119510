package dev.fluxconfig.model.v1alpha1;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Nullable;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import dev.fluxconfig.model.v1alpha1.spec.AzureBlobDefinition;
import dev.fluxconfig.model.v1alpha1.spec.BucketDefinition;
import dev.fluxconfig.model.v1alpha1.spec.GitRepositoryDefinition;
import dev.fluxconfig.model.v1alpha1.spec.KustomizationDefinition;
import dev.fluxconfig.model.v1alpha1.spec.OciRepositoryDefinition;
import dev.fluxconfig.model.v1alpha1.spec.ScopeType;
import dev.fluxconfig.model.v1alpha1.spec.SecretRef;
import dev.fluxconfig.model.v1alpha1.spec.SourceKind;
import dev.fluxconfig.model.validation.InputLimits;

/** Desired state of a configuration, mirroring the ARM {@code fluxConfigurations} properties. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FluxConfigSpec {

    @JsonPropertyDescription("Scope of the operators: cluster (cluster-wide permissions) or namespace (only the configuration namespace). Immutable in ARM.")
    @Default("cluster")
    private ScopeType scope = ScopeType.CLUSTER;

    @JsonPropertyDescription("Kind of source the configuration syncs from: GitRepository, Bucket, AzureBlob or OCIRepository.")
    @Default("GitRepository")
    private SourceKind sourceKind = SourceKind.GIT_REPOSITORY;

    @JsonPropertyDescription("Suspend every reconciliation of the source and its kustomizations.")
    @Default("false")
    private Boolean suspend = Boolean.FALSE;

    @JsonPropertyDescription("Git source; required when sourceKind is GitRepository.")
    private GitRepositoryDefinition gitRepository;

    @JsonPropertyDescription("S3-compatible bucket source; required when sourceKind is Bucket.")
    private BucketDefinition bucket;

    @JsonPropertyDescription("Azure Blob container source; required when sourceKind is AzureBlob.")
    private AzureBlobDefinition azureBlob;

    @JsonPropertyDescription("OCI artifact source; required when sourceKind is OCIRepository.")
    private OciRepositoryDefinition ociRepository;

    @JsonPropertyDescription("Kustomizations to generate, one Flux Kustomization each, keyed by name.")
    @Required
    @Size(min = 1, max = InputLimits.MAX_KUSTOMIZATIONS)
    private List<KustomizationDefinition> kustomizations = new ArrayList<>();

    @JsonPropertyDescription("Whether the deployment waits for the cluster to reconcile the kustomizations.")
    private Boolean waitForReconciliation;

    @JsonPropertyDescription("How long to wait for reconciliation when waitForReconciliation is set, as an ISO-8601 duration (PT1H, PT5M, P1D).")
    @Size(max = InputLimits.MAX_TEXT)
    @Nullable
    private String reconciliationWaitDuration;

    @JsonPropertyDescription("Id of the last ARM operation that changed this configuration.")
    @Size(max = InputLimits.MAX_TEXT)
    @Nullable
    private String operationId;

    @JsonPropertyDescription("Correlation id of the last ARM request, echoed in logs and status.")
    @Size(max = InputLimits.MAX_TEXT)
    @Nullable
    private String correlationId;

    @JsonPropertyDescription("Secret in the configuration namespace holding the protected settings (<config>-protected-parameters).")
    private SecretRef protectedSettingsSecretRef;

    public ScopeType getScope() {
        return scope;
    }

    public void setScope(ScopeType scope) {
        this.scope = scope;
    }

    public SourceKind getSourceKind() {
        return sourceKind;
    }

    public void setSourceKind(SourceKind sourceKind) {
        this.sourceKind = sourceKind;
    }

    public Boolean getSuspend() {
        return suspend;
    }

    public void setSuspend(Boolean suspend) {
        this.suspend = suspend;
    }

    public GitRepositoryDefinition getGitRepository() {
        return gitRepository;
    }

    public void setGitRepository(GitRepositoryDefinition gitRepository) {
        this.gitRepository = gitRepository;
    }

    public BucketDefinition getBucket() {
        return bucket;
    }

    public void setBucket(BucketDefinition bucket) {
        this.bucket = bucket;
    }

    public AzureBlobDefinition getAzureBlob() {
        return azureBlob;
    }

    public void setAzureBlob(AzureBlobDefinition azureBlob) {
        this.azureBlob = azureBlob;
    }

    public OciRepositoryDefinition getOciRepository() {
        return ociRepository;
    }

    public void setOciRepository(OciRepositoryDefinition ociRepository) {
        this.ociRepository = ociRepository;
    }

    public List<KustomizationDefinition> getKustomizations() {
        return kustomizations;
    }

    public void setKustomizations(List<KustomizationDefinition> kustomizations) {
        this.kustomizations = kustomizations;
    }

    public Boolean getWaitForReconciliation() {
        return waitForReconciliation;
    }

    public void setWaitForReconciliation(Boolean waitForReconciliation) {
        this.waitForReconciliation = waitForReconciliation;
    }

    public String getReconciliationWaitDuration() {
        return reconciliationWaitDuration;
    }

    public void setReconciliationWaitDuration(String reconciliationWaitDuration) {
        this.reconciliationWaitDuration = reconciliationWaitDuration;
    }

    public String getOperationId() {
        return operationId;
    }

    public void setOperationId(String operationId) {
        this.operationId = operationId;
    }

    public String getCorrelationId() {
        return correlationId;
    }

    public void setCorrelationId(String correlationId) {
        this.correlationId = correlationId;
    }

    public SecretRef getProtectedSettingsSecretRef() {
        return protectedSettingsSecretRef;
    }

    public void setProtectedSettingsSecretRef(SecretRef protectedSettingsSecretRef) {
        this.protectedSettingsSecretRef = protectedSettingsSecretRef;
    }

}
