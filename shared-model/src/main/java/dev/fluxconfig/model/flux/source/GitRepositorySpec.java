package dev.fluxconfig.model.flux.source;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import dev.fluxconfig.model.flux.common.LocalObjectReference;

/** Spec of a Flux GitRepository. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class GitRepositorySpec {

    @JsonPropertyDescription("Repository URL: http, https or ssh scheme.")
    private String url;

    @JsonPropertyDescription("Secret with the credentials.")
    private LocalObjectReference secretRef;

    @JsonPropertyDescription("Credential provider: generic, azure or github.")
    private String provider;

    @JsonPropertyDescription("Fetch interval (Go duration).")
    private String interval;

    @JsonPropertyDescription("Timeout of git operations (Go duration).")
    private String timeout;

    @JsonPropertyDescription("Reference to check out.")
    private GitRepositoryRef ref;

    @JsonPropertyDescription("Stop reconciling.")
    private Boolean suspend;

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public LocalObjectReference getSecretRef() {
        return secretRef;
    }

    public void setSecretRef(LocalObjectReference secretRef) {
        this.secretRef = secretRef;
    }

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    public String getInterval() {
        return interval;
    }

    public void setInterval(String interval) {
        this.interval = interval;
    }

    public String getTimeout() {
        return timeout;
    }

    public void setTimeout(String timeout) {
        this.timeout = timeout;
    }

    public GitRepositoryRef getRef() {
        return ref;
    }

    public void setRef(GitRepositoryRef ref) {
        this.ref = ref;
    }

    public Boolean getSuspend() {
        return suspend;
    }

    public void setSuspend(Boolean suspend) {
        this.suspend = suspend;
    }

}
