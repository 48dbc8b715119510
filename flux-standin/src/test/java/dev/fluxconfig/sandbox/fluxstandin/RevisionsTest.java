package dev.fluxconfig.sandbox.fluxstandin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.fluxconfig.model.flux.source.GitRepositoryRef;
import dev.fluxconfig.model.flux.source.OCIRepositoryRef;

class RevisionsTest {

    static final String URL = "https://github.com/Azure/gitops-flux2-kustomize-helm-mt";

    static GitRepositoryRef branch(String b) {
        GitRepositoryRef r = new GitRepositoryRef();
        r.setBranch(b);
        return r;
    }

    @Test
    void branchRevisionIsBranchAtSha1OfFortyHex() {
        String rev = Revisions.gitRevision(URL, branch("main"));
        assertThat(rev).matches("main@sha1:[0-9a-f]{40}");
        assertThat(Revisions.gitRevision(URL, branch("main"))).isEqualTo(rev);
    }

    @Test
    void revisionDependsOnUrlAndRef() {
        String main = Revisions.gitRevision(URL, branch("main"));
        assertThat(Revisions.gitRevision(URL, branch("dev"))).startsWith("dev@sha1:")
                .isNotEqualTo(main.replace("main@", "dev@"));
        assertThat(Revisions.gitRevision(URL + "-fork", branch("main"))).isNotEqualTo(main);
    }

    @Test
    void noRefMeansFluxDefaultBranch() {
        assertThat(Revisions.gitRevision(URL, null)).matches("master@sha1:[0-9a-f]{40}");
        assertThat(Revisions.gitRevision(URL, new GitRepositoryRef())).isEqualTo(Revisions.gitRevision(URL, null));
    }

    @Test
    void tagSemverAndNameForms() {
        GitRepositoryRef tag = new GitRepositoryRef();
        tag.setTag("v1.2.3");
        assertThat(Revisions.gitRevision(URL, tag)).matches("v1\\.2\\.3@sha1:[0-9a-f]{40}");

        GitRepositoryRef semver = new GitRepositoryRef();
        semver.setSemver(">=1.2.0 <2.0.0");
        assertThat(Revisions.gitRevision(URL, semver)).matches("1\\.2\\.0@sha1:[0-9a-f]{40}");

        GitRepositoryRef name = new GitRepositoryRef();
        name.setName("refs/heads/feature");
        assertThat(Revisions.gitRevision(URL, name)).matches("refs/heads/feature@sha1:[0-9a-f]{40}");
    }

    @Test
    void commitWinsAndIsReportedAsGiven() {
        String sha = "0BA6" + "0".repeat(36);
        GitRepositoryRef commit = new GitRepositoryRef();
        commit.setCommit(sha);
        commit.setTag("ignored");
        assertThat(Revisions.gitRevision(URL, commit)).isEqualTo("sha1:0ba6" + "0".repeat(36));
        commit.setBranch("main");
        assertThat(Revisions.gitRevision(URL, commit)).isEqualTo("main@sha1:0ba6" + "0".repeat(36));
    }

    @Test
    void bucketAndHelmRepositoryRevisionsAreSha256() {
        assertThat(Revisions.bucketRevision("minio.example:9000", "podinfo")).matches("sha256:[0-9a-f]{64}")
                .isNotEqualTo(Revisions.bucketRevision("minio.example:9000", "other"));
        assertThat(Revisions.helmRepositoryRevision("https://charts.bitnami.com/bitnami")).matches("sha256:[0-9a-f]{64}");
    }

    @Test
    void ociRevisionForms() {
        String url = "oci://ghcr.io/stefanprodan/manifests/podinfo";
        assertThat(Revisions.ociRevision(url, null)).matches("latest@sha256:[0-9a-f]{64}");
        OCIRepositoryRef tag = new OCIRepositoryRef();
        tag.setTag("6.5.0");
        assertThat(Revisions.ociRevision(url, tag)).matches("6\\.5\\.0@sha256:[0-9a-f]{64}");
        OCIRepositoryRef digest = new OCIRepositoryRef();
        String d = "sha256:" + "a".repeat(64);
        digest.setDigest(d);
        assertThat(Revisions.ociRevision(url, digest)).isEqualTo(d);
        digest.setTag("6.5.0");
        assertThat(Revisions.ociRevision(url, digest)).isEqualTo("6.5.0@" + d);
    }

    @Test
    void chartVersionResolution() {
        assertThat(Revisions.chartVersion("4.10.1")).isEqualTo("4.10.1");
        assertThat(Revisions.chartVersion("v2.0.0-rc.1")).isEqualTo("2.0.0-rc.1");
        assertThat(Revisions.chartVersion("17.x")).isEqualTo("17.0.0");
        assertThat(Revisions.chartVersion(">=1.0.0-alpha")).isEqualTo("1.0.0");
        assertThat(Revisions.chartVersion("~6.5")).isEqualTo("6.5.0");
        assertThat(Revisions.chartVersion("*")).isEqualTo(Revisions.ANY_CHART_VERSION);
        assertThat(Revisions.chartVersion(null)).isEqualTo(Revisions.ANY_CHART_VERSION);
    }

    @Test
    void artifactDigestSizeAndChecksum() {
        String rev = Revisions.gitRevision(URL, branch("main"));
        assertThat(Revisions.artifactDigest(rev)).matches("sha256:[0-9a-f]{64}");
        assertThat(Revisions.artifactSize(rev)).isBetween(2048L, 2048L + 65535).isEqualTo(Revisions.artifactSize(rev));
        assertThat(Revisions.checksum(rev)).matches("[0-9a-f]{40}");
        assertThat(Revisions.checksum("sha256:abc")).isEqualTo("abc");
    }
}
