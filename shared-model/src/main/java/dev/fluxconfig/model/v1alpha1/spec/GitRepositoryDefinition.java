package dev.fluxconfig.model.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** A git source (ARM GitRepositoryDefinition). Secrets travel as protected settings, never here. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GitRepositoryDefinition {

    @JsonPropertyDescription("URL of the repository: http://, https://, ssh:// or git@host:path.")
    @Required
    private String url;

    @JsonPropertyDescription("Timeout of git operations, in seconds.")
    @Default("600")
    private Long timeoutInSeconds = 600L;

    @JsonPropertyDescription("Interval at which the repository is fetched, in seconds.")
    @Default("600")
    private Long syncIntervalInSeconds = 600L;

    @JsonPropertyDescription("The git reference to check out.")
    private RepositoryRef repositoryRef;

    @JsonPropertyDescription("Base64-encoded known_hosts for ssh URLs.")
    private String sshKnownHosts;

    @JsonPropertyDescription("User name for https URLs; the password travels as protected setting httpsKey.")
    private String httpsUser;

    @JsonPropertyDescription("Base64-encoded CA certificate for https URLs.")
    private String httpsCACert;

    @JsonPropertyDescription("Name of a Secret in the configuration namespace that holds the credentials (Flux format).")
    private String localAuthRef;

    @JsonPropertyDescription("Authentication provider: Generic (secret-based), Azure or GitHub.")
    private String provider;

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
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

    public RepositoryRef getRepositoryRef() {
        return repositoryRef;
    }

    public void setRepositoryRef(RepositoryRef repositoryRef) {
        this.repositoryRef = repositoryRef;
    }

    public String getSshKnownHosts() {
        return sshKnownHosts;
    }

    public void setSshKnownHosts(String sshKnownHosts) {
        this.sshKnownHosts = sshKnownHosts;
    }

    public String getHttpsUser() {
        return httpsUser;
    }

    public void setHttpsUser(String httpsUser) {
        this.httpsUser = httpsUser;
    }

    public String getHttpsCACert() {
        return httpsCACert;
    }

    public void setHttpsCACert(String httpsCACert) {
        this.httpsCACert = httpsCACert;
    }

    public String getLocalAuthRef() {
        return localAuthRef;
    }

    public void setLocalAuthRef(String localAuthRef) {
        this.localAuthRef = localAuthRef;
    }

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

}
