package dev.fluxconfig.model.flux.kustomize;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import dev.fluxconfig.model.flux.common.CrossNamespaceSourceReference;
import dev.fluxconfig.model.flux.common.NamespacedObjectReference;

/** Spec of a Flux Kustomization. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class KustomizationSpec {

    @JsonPropertyDescription("Source of the manifests.")
    private CrossNamespaceSourceReference sourceRef;

    @JsonPropertyDescription("Kustomizations that must be ready first.")
    private List<NamespacedObjectReference> dependsOn;

    @JsonPropertyDescription("Reconcile interval (Go duration).")
    private String interval;

    @JsonPropertyDescription("Retry interval after a failure (Go duration).")
    private String retryInterval;

    @JsonPropertyDescription("Timeout of apply and health checks (Go duration).")
    private String timeout;

    @JsonPropertyDescription("Path inside the artifact.")
    private String path;

    @JsonPropertyDescription("Garbage-collect objects removed from the source.")
    private Boolean prune;

    @JsonPropertyDescription("Recreate objects with immutable field changes.")
    private Boolean force;

    @JsonPropertyDescription("Wait for every applied object to be ready.")
    private Boolean wait;

    @JsonPropertyDescription("Variable substitution after build.")
    private PostBuild postBuild;

    @JsonPropertyDescription("Service account to impersonate when applying.")
    private String serviceAccountName;

    @JsonPropertyDescription("Namespace to put every object into.")
    private String targetNamespace;

    @JsonPropertyDescription("Strategic merge and JSON6902 patches applied to the build output.")
    private List<KustomizePatch> patches;

    @JsonPropertyDescription("Stop reconciling.")
    private Boolean suspend;

    public CrossNamespaceSourceReference getSourceRef() {
        return sourceRef;
    }

    public void setSourceRef(CrossNamespaceSourceReference sourceRef) {
        this.sourceRef = sourceRef;
    }

    public List<NamespacedObjectReference> getDependsOn() {
        return dependsOn;
    }

    public void setDependsOn(List<NamespacedObjectReference> dependsOn) {
        this.dependsOn = dependsOn;
    }

    public String getInterval() {
        return interval;
    }

    public void setInterval(String interval) {
        this.interval = interval;
    }

    public String getRetryInterval() {
        return retryInterval;
    }

    public void setRetryInterval(String retryInterval) {
        this.retryInterval = retryInterval;
    }

    public String getTimeout() {
        return timeout;
    }

    public void setTimeout(String timeout) {
        this.timeout = timeout;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public Boolean getPrune() {
        return prune;
    }

    public void setPrune(Boolean prune) {
        this.prune = prune;
    }

    public Boolean getForce() {
        return force;
    }

    public void setForce(Boolean force) {
        this.force = force;
    }

    public Boolean getWait() {
        return wait;
    }

    public void setWait(Boolean wait) {
        this.wait = wait;
    }

    public PostBuild getPostBuild() {
        return postBuild;
    }

    public void setPostBuild(PostBuild postBuild) {
        this.postBuild = postBuild;
    }

    public String getServiceAccountName() {
        return serviceAccountName;
    }

    public void setServiceAccountName(String serviceAccountName) {
        this.serviceAccountName = serviceAccountName;
    }

    public String getTargetNamespace() {
        return targetNamespace;
    }

    public void setTargetNamespace(String targetNamespace) {
        this.targetNamespace = targetNamespace;
    }

    public List<KustomizePatch> getPatches() {
        return patches;
    }

    public void setPatches(List<KustomizePatch> patches) {
        this.patches = patches;
    }

    public Boolean getSuspend() {
        return suspend;
    }

    public void setSuspend(Boolean suspend) {
        this.suspend = suspend;
    }

}
