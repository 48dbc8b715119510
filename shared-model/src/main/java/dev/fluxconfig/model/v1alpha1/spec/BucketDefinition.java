package dev.fluxconfig.model.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** An S3-compatible bucket source (ARM BucketDefinition); the secret key is protected setting bucketSecretKey. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BucketDefinition {

    @JsonPropertyDescription("Endpoint URL of the bucket service, http:// or https://.")
    @Required
    private String url;

    @JsonPropertyDescription("Name of the bucket.")
    @Required
    private String bucketName;

    @JsonPropertyDescription("Use plain HTTP to reach the endpoint.")
    @Default("true")
    private Boolean insecure = Boolean.TRUE;

    @JsonPropertyDescription("Timeout of bucket operations, in seconds.")
    @Default("600")
    private Long timeoutInSeconds = 600L;

    @JsonPropertyDescription("Interval at which the bucket is fetched, in seconds.")
    @Default("600")
    private Long syncIntervalInSeconds = 600L;

    @JsonPropertyDescription("Access key id; the secret key travels as protected setting bucketSecretKey.")
    private String accessKey;

    @JsonPropertyDescription("Name of a Secret in the configuration namespace that holds the credentials (Flux format).")
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
