package dev.fluxconfig.model.v1alpha1.spec;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Nullable;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import dev.fluxconfig.model.Durations;
import dev.fluxconfig.model.validation.InputLimits;

/** One kustomization of a configuration (ARM KustomizationDefinition); becomes Kustomization {@code <config>-<name>}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KustomizationDefinition {

    @JsonPropertyDescription("Name of the kustomization, unique in the configuration.")
    @Required
    @Size(max = InputLimits.MAX_NAME)
    @Pattern(InputLimits.NAME_PATTERN)
    private String name;

    // No @Default(""): the CRD generator writes an empty default as "default: null", and the API server then refuses
    // every kustomization with an empty path (the CLI's default).
    @JsonPropertyDescription("Path inside the source artifact; the top when empty.")
    @Size(max = InputLimits.MAX_PATH)
    @Pattern(InputLimits.PATH_PATTERN)
    @Nullable
    private String path = "";

    @JsonPropertyDescription("Names of other kustomizations of this configuration that must be ready first.")
    @Size(max = InputLimits.MAX_DEPENDS_ON)
    private List<String> dependsOn = new ArrayList<>();

    @JsonPropertyDescription("Timeout of apply and health checks, in seconds.")
    @Default("600")
    @Min(1)
    @Max(Durations.MAX_SECONDS)
    private Long timeoutInSeconds = 600L;

    @JsonPropertyDescription("Interval at which the kustomization is reconciled, in seconds.")
    @Default("600")
    @Min(1)
    @Max(Durations.MAX_SECONDS)
    private Long syncIntervalInSeconds = 600L;

    @JsonPropertyDescription("Interval at which a failed reconciliation is retried, in seconds; the sync interval when unset.")
    @Min(1)
    @Max(Durations.MAX_SECONDS)
    private Long retryIntervalInSeconds;

    @JsonPropertyDescription("Delete the objects this kustomization applied when they leave the source.")
    @Default("false")
    private Boolean prune = Boolean.FALSE;

    @JsonPropertyDescription("Recreate objects whose immutable fields changed.")
    @Default("false")
    private Boolean force = Boolean.FALSE;

    @JsonPropertyDescription("Wait until every applied object is healthy.")
    @Default("true")
    private Boolean wait = Boolean.TRUE;

    @JsonPropertyDescription("Variable substitution after build.")
    private PostBuildDefinition postBuild;

    public KustomizationDefinition() {
    }

    public KustomizationDefinition(String name, String path) {
        this.name = name;
        this.path = path;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public List<String> getDependsOn() {
        return dependsOn;
    }

    public void setDependsOn(List<String> dependsOn) {
        this.dependsOn = dependsOn;
    }

    public Long getTimeoutInSeconds() {
        return timeoutInSeconds;
    }

    public void setTimeoutInSeconds(Long timeoutInSeconds) {
        this.timeoutInSeconds = timeoutInSeconds;
    }

    public Long getSyncIntervalInSeconds() {
        return syncIntervalInSeconds;
    }

    public void setSyncIntervalInSeconds(Long syncIntervalInSeconds) {
        this.syncIntervalInSeconds = syncIntervalInSeconds;
    }

    public Long getRetryIntervalInSeconds() {
        return retryIntervalInSeconds;
    }

    public void setRetryIntervalInSeconds(Long retryIntervalInSeconds) {
        this.retryIntervalInSeconds = retryIntervalInSeconds;
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

    public PostBuildDefinition getPostBuild() {
        return postBuild;
    }

    public void setPostBuild(PostBuildDefinition postBuild) {
        this.postBuild = postBuild;
    }

}
