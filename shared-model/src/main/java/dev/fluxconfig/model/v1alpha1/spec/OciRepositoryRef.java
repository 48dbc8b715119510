package dev.fluxconfig.model.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Nullable;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

import dev.fluxconfig.model.validation.InputLimits;

/** The OCI artifact to pull: digest over semver over tag. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OciRepositoryRef {

    @JsonPropertyDescription("Tag to pull; latest when nothing is given.")
    @Size(max = InputLimits.MAX_REF)
    @Nullable
    private String tag;

    @JsonPropertyDescription("SemVer range of tags; overrides tag.")
    @Size(max = InputLimits.MAX_REF)
    @Nullable
    private String semver;

    @JsonPropertyDescription("Digest sha256:<hex>; overrides semver.")
    @Pattern("^sha256:[a-f0-9]{64}$")
    @Nullable
    private String digest;

    public String getTag() {
        return tag;
    }

    public void setTag(String tag) {
        this.tag = tag;
    }

    public String getSemver() {
        return semver;
    }

    public void setSemver(String semver) {
        this.semver = semver;
    }

    public String getDigest() {
        return digest;
    }

    public void setDigest(String digest) {
        this.digest = digest;
    }

}
