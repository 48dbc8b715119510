package dev.fluxconfig.model.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The kind of source a configuration syncs from, as ARM names it. */
public enum SourceKind {
    @JsonProperty("GitRepository")
    GIT_REPOSITORY("GitRepository"), @JsonProperty("Bucket")
    BUCKET("Bucket"), @JsonProperty("AzureBlob")
    AZURE_BLOB("AzureBlob"), @JsonProperty("OCIRepository")
    OCI_REPOSITORY("OCIRepository");

    private final String value;

    SourceKind(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** The kind for a wire value, or {@code null} when the value is not a source kind. */
    public static SourceKind fromValue(String value) {
        for (SourceKind k : values()) {
            if (k.value.equals(value)) {
                return k;
            }
        }
        return null;
    }

    /** The property of the spec that must carry this kind's definition. */
    public String specField() {
        return switch (this) {
            case GIT_REPOSITORY -> "gitRepository";
            case BUCKET -> "bucket";
            case AZURE_BLOB -> "azureBlob";
            case OCI_REPOSITORY -> "ociRepository";
        };
    }
}
