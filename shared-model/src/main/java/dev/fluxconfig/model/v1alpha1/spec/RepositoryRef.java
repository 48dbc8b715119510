package dev.fluxconfig.model.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Nullable;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

import dev.fluxconfig.model.validation.InputLimits;

/** The git reference to check out; exactly one of branch, tag, semver or commit (commit may go with branch). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RepositoryRef {

    @JsonPropertyDescription("Branch to check out.")
    @Size(max = InputLimits.MAX_REF)
    @Nullable
    private String branch;

    @JsonPropertyDescription("Tag to check out; takes precedence over branch.")
    @Size(max = InputLimits.MAX_REF)
    @Nullable
    private String tag;

    @JsonPropertyDescription("SemVer range of tags to check out; takes precedence over tag.")
    @Size(max = InputLimits.MAX_REF)
    @Nullable
    private String semver;

    @JsonPropertyDescription("Commit SHA to check out; takes precedence over semver and may be combined with branch.")
    @Pattern("^[0-9a-fA-F]{7,64}$")
    @Nullable
    private String commit;

    public String getBranch() {
        return branch;
    }

    public void setBranch(String branch) {
        this.branch = branch;
    }

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

    public String getCommit() {
        return commit;
    }

    public void setCommit(String commit) {
        this.commit = commit;
    }

}
