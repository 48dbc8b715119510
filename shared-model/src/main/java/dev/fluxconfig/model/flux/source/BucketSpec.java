package dev.fluxconfig.model.flux.source;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import dev.fluxconfig.model.flux.common.LocalObjectReference;

/** Spec of a Flux Bucket. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class BucketSpec {

    @JsonPropertyDescription("generic, aws, gcp or azure.")
    private String provider;

    @JsonPropertyDescription("Name of the bucket or container.")
    private String bucketName;

    @JsonPropertyDescription("Endpoint host, without scheme.")
    private String endpoint;

    @JsonPropertyDescription("Use plain HTTP.")
    private Boolean insecure;

    @JsonPropertyDescription("Secret with the credentials.")
    private LocalObjectReference secretRef;

    @JsonPropertyDescription("Fetch interval (Go duration).")
    private String interval;

    @JsonPropertyDescription("Timeout of bucket operations (Go duration).")
    private String timeout;

    @JsonPropertyDescription("Stop reconciling.")
    private Boolean suspend;

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    public String getBucketName() {
        return bucketName;
    }

    public void setBucketName(String bucketName) {
        this.bucketName = bucketName;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public Boolean getInsecure() {
        return insecure;
    }

    public void setInsecure(Boolean insecure) {
        this.insecure = insecure;
    }

    public LocalObjectReference getSecretRef() {
        return secretRef;
    }

    public void setSecretRef(LocalObjectReference secretRef) {
        this.secretRef = secretRef;
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

    public Boolean getSuspend() {
        return suspend;
    }

    public void setSuspend(Boolean suspend) {
        this.suspend = suspend;
    }

}
