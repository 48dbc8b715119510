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

/** An S3-compatible bucket source (ARM BucketDefinition); the secret key is protected setting bucketSecretKey. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BucketDefinition {

    @JsonPropertyDescription("Endpoint URL of the bucket service, http:// or https://.")
    @Required
    @Size(max = InputLimits.MAX_URL)
    @Pattern(InputLimits.URL_PATTERN)
    @Nullable
    private String url;

    @JsonPropertyDescription("Name of the bucket.")
    @Required
    @Pattern(InputLimits.BUCKET_NAME_PATTERN)
    @Nullable
    private String bucketName;

    @JsonPropertyDescription("Use plain HTTP to reach the endpoint.")
    @Default("true")
    private Boolean insecure = Boolean.TRUE;

    @JsonPropertyDescription("Timeout of bucket operations, in seconds.")
    @Default("600")
    @Min(1)
    @Max(Durations.MAX_SECONDS)
    private Long timeoutInSeconds = 600L;

    @JsonPropertyDescription("Interval at which the bucket is fetched, in seconds.")
    @Default("600")
    @Min(1)
    @Max(Durations.MAX_SECONDS)
    private Long syncIntervalInSeconds = 600L;

    @JsonPropertyDescription("Access key id; the secret key travels as protected setting bucketSecretKey.")
    @Size(max = InputLimits.MAX_TEXT)
    @Nullable
    private String accessKey;

    @JsonPropertyDescription("Name of a Secret in the configuration namespace that holds the credentials (Flux format).")
    @Size(max = InputLimits.MAX_OBJECT_NAME)
    @Pattern(InputLimits.OBJECT_NAME_PATTERN)
    @Nullable
    private String localAuthRef;

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getBucketName() {
        return bucketName;
    }

    public void setBucketName(String bucketName) {
        this.bucketName = bucketName;
    }

    public Boolean getInsecure() {
        return insecure;
    }

    public void setInsecure(Boolean insecure) {
        this.insecure = insecure;
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

    public String getAccessKey() {
        return accessKey;
    }

    public void setAccessKey(String accessKey) {
        this.accessKey = accessKey;
    }

    public String getLocalAuthRef() {
        return localAuthRef;
    }

    public void setLocalAuthRef(String localAuthRef) {
        this.localAuthRef = localAuthRef;
    }

}
