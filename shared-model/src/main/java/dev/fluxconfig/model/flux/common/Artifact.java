package dev.fluxconfig.model.flux.common;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The artifact a source produced. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class Artifact {

    @JsonPropertyDescription("Revision of the artifact, e.g. main@sha1:<hex>.")
    private String revision;

    @JsonPropertyDescription("Digest of the artifact.")
    private String digest;

    @JsonPropertyDescription("Where the artifact can be downloaded.")
    private String url;

    @JsonPropertyDescription("Path of the artifact in storage.")
    private String path;

    @JsonPropertyDescription("When the artifact last changed (RFC 3339).")
    private String lastUpdateTime;

    @JsonPropertyDescription("Size in bytes.")
    private Long size;

    @JsonPropertyDescription("Metadata of the artifact (OCI annotations, for example).")
    private Map<String, String> metadata;

    public String getRevision() {
        return revision;
    }

    public void setRevision(String revision) {
        this.revision = revision;
    }

    public String getDigest() {
        return digest;
    }

    public void setDigest(String digest) {
        this.digest = digest;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public String getLastUpdateTime() {
        return lastUpdateTime;
    }

    public void setLastUpdateTime(String lastUpdateTime) {
        this.lastUpdateTime = lastUpdateTime;
    }

    public Long getSize() {
        return size;
    }

    public void setSize(Long size) {
        this.size = size;
    }

    public Map<String, String> getMetadata() {
        return metadata;
    }

    public void setMetadata(Map<String, String> metadata) {
        this.metadata = metadata;
    }

}
