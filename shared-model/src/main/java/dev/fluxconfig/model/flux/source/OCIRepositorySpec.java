package dev.fluxconfig.model.flux.source;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import dev.fluxconfig.model.flux.common.LocalObjectReference;

/** Spec of a Flux OCIRepository. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class OCIRepositorySpec {

    @JsonPropertyDescription("Artifact URL, oci://.")
    private String url;

    @JsonPropertyDescription("Artifact to pull.")
    private OCIRepositoryRef ref;

    @JsonPropertyDescription("Layer to use.")
    private OCILayerSelector layerSelector;

    @JsonPropertyDescription("generic, aws, azure or gcp.")
    private String provider;

    @JsonPropertyDescription("Secret with registry credentials.")
    private LocalObjectReference secretRef;

    @JsonPropertyDescription("Secret with TLS certificates.")
    private LocalObjectReference certSecretRef;

    @JsonPropertyDescription("Service account for workload identity.")
    private String serviceAccountName;

    @JsonPropertyDescription("Allow plain HTTP.")
    private Boolean insecure;

    @JsonPropertyDescription("Pull interval (Go duration).")
    private String interval;

    @JsonPropertyDescription("Timeout of registry operations (Go duration).")
    private String timeout;

    @JsonPropertyDescription("Stop reconciling.")
    private Boolean suspend;

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public OCIRepositoryRef getRef() {
        return ref;
    }

    public void setRef(OCIRepositoryRef ref) {
        this.ref = ref;
    }

    public OCILayerSelector getLayerSelector() {
        return layerSelector;
    }

    public void setLayerSelector(OCILayerSelector layerSelector) {
        this.layerSelector = layerSelector;
    }

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    public LocalObjectReference getSecretRef() {
        return secretRef;
    }

    public void setSecretRef(LocalObjectReference secretRef) {
        this.secretRef = secretRef;
    }

    public LocalObjectReference getCertSecretRef() {
        return certSecretRef;
    }

    public void setCertSecretRef(LocalObjectReference certSecretRef) {
        this.certSecretRef = certSecretRef;
    }

    public String getServiceAccountName() {
        return serviceAccountName;
    }

    public void setServiceAccountName(String serviceAccountName) {
        this.serviceAccountName = serviceAccountName;
    }

    public Boolean getInsecure() {
        return insecure;
    }

    public void setInsecure(Boolean insecure) {
        this.insecure = insecure;
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
