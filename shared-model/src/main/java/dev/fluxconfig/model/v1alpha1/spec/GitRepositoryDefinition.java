package dev.fluxconfig.model.v1alpha1.spec;

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

/** A git source (ARM GitRepositoryDefinition). Secrets travel as protected settings, never here. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GitRepositoryDefinition {

    @JsonPropertyDescription("URL of the repository: http://, https://, ssh:// or git@host:path.")
    @Required
    @Size(max = InputLimits.MAX_URL)
    @Pattern(InputLimits.URL_PATTERN)
    @Nullable
    private String url;

    @JsonPropertyDescription("Timeout of git operations, in seconds.")
    @Default("600")
    @Min(1)
    @Max(Durations.MAX_SECONDS)
    private Long timeoutInSeconds = 600L;

    @JsonPropertyDescription("Interval at which the repository is fetched, in seconds.")
    @Default("600")
    @Min(1)
    @Max(Durations.MAX_SECONDS)
    private Long syncIntervalInSeconds = 600L;

    @JsonPropertyDescription("The git reference to check out.")
    private RepositoryRef repositoryRef;

    @JsonPropertyDescription("Base64-encoded known_hosts for ssh URLs.")
    @Size(max = InputLimits.MAX_BLOB)
    @Nullable
    private String sshKnownHosts;

    @JsonPropertyDescription("User name for https URLs; the password travels as protected setting httpsKey.")
    @Size(max = InputLimits.MAX_TEXT)
    @Nullable
    private String httpsUser;

    @JsonPropertyDescription("Base64-encoded CA certificate for https URLs.")
    @Size(max = InputLimits.MAX_BLOB)
    @Nullable
    private String httpsCACert;

    @JsonPropertyDescription("Name of a Secret in the configuration namespace that holds the credentials (Flux format).")
    @Size(max = InputLimits.MAX_OBJECT_NAME)
    @Pattern(InputLimits.OBJECT_NAME_PATTERN)
    @Nullable
    private String localAuthRef;

    @JsonPropertyDescription("Authentication provider: Generic (secret-based), Azure or GitHub.")
    @Pattern("^(Azure|GitHub|Generic)$")
    @Nullable
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
