package dev.fluxconfig.model.v1alpha1.status;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Compliance of one object of a configuration (ARM ObjectStatusDefinition). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ObjectStatusDefinition {

    @JsonPropertyDescription("Name of the object.")
    private String name;

    @JsonPropertyDescription("Namespace of the object.")
    private String namespace;

    @JsonPropertyDescription("Kind of the object: GitRepository, Bucket, OCIRepository, Kustomization, HelmRelease, HelmChart ...")
    private String kind;

    @JsonPropertyDescription("Compliance of the object.")
    private ComplianceState complianceState;

    @JsonPropertyDescription("The Kustomization that applied this object; absent for objects the configuration created itself.")
    private ObjectReference appliedBy;

    @JsonPropertyDescription("The object's own Kubernetes conditions.")
    private List<ObjectStatusCondition> statusConditions = new ArrayList<>();

    @JsonPropertyDescription("Release details, for HelmReleases only.")
    private HelmReleaseProperties helmReleaseProperties;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public ComplianceState getComplianceState() {
        return complianceState;
    }

    public void setComplianceState(ComplianceState complianceState) {
        this.complianceState = complianceState;
    }

    public ObjectReference getAppliedBy() {
        return appliedBy;
    }

    public void setAppliedBy(ObjectReference appliedBy) {
        this.appliedBy = appliedBy;
    }

    public List<ObjectStatusCondition> getStatusConditions() {
        return statusConditions;
    }

    public void setStatusConditions(List<ObjectStatusCondition> statusConditions) {
        this.statusConditions = statusConditions;
    }

    public HelmReleaseProperties getHelmReleaseProperties() {
        return helmReleaseProperties;
    }

    public void setHelmReleaseProperties(HelmReleaseProperties helmReleaseProperties) {
        this.helmReleaseProperties = helmReleaseProperties;
    }

}
