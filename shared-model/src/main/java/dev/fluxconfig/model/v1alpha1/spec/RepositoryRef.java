package dev.fluxconfig.model.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The git reference to check out; exactly one of branch, tag, semver or commit (commit may go with branch). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RepositoryRef {

    @JsonPropertyDescription("Branch to check out.")
    private String branch;

    @JsonPropertyDescription("Tag to check out; takes precedence over branch.")
    private String tag;

    @JsonPropertyDescription("SemVer range of tags to check out; takes precedence over tag.")
    private String semver;

    @JsonPropertyDescription("Commit SHA to check out; takes precedence over semver and may be combined with branch.")
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
