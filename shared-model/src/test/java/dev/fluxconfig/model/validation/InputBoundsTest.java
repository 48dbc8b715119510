package dev.fluxconfig.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.fluxconfig.model.v1alpha1.FluxConfigSpec;
import dev.fluxconfig.model.v1alpha1.spec.BucketDefinition;
import dev.fluxconfig.model.v1alpha1.spec.KustomizationDefinition;
import dev.fluxconfig.model.v1alpha1.spec.OciRepositoryDefinition;
import dev.fluxconfig.model.v1alpha1.spec.SourceKind;
import dev.fluxconfig.testing.TestConfigs;

/** Bounded work on any input: no credential in a URL or a message, limits on counts and sizes, no recursion. */
class InputBoundsTest {

    static final String PASSWORD = "s3cr3t-pa55";

    static List<ValidationError> validate(FluxConfigSpec spec) {
        return FluxConfigValidator.validate("cluster-config", "cluster-config", spec, Map.of());
    }

    static FluxConfigSpec withGitUrl(String url) {
        FluxConfigSpec spec = TestConfigs.tutorialSpec("cluster-config");
        spec.getGitRepository().setUrl(url);
        return spec;
    }

    /** A chain k0 <- k1 <- ... <- k(n-1), each depending on the one before. */
    static FluxConfigSpec chain(int n) {
        FluxConfigSpec spec = TestConfigs.tutorialSpec("cluster-config");
        List<KustomizationDefinition> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            KustomizationDefinition k = new KustomizationDefinition("k" + i, "./k");
            if (i > 0) {
                k.setDependsOn(new ArrayList<>(List.of("k" + (i - 1))));
            }
            list.add(k);
        }
        spec.setKustomizations(list);
        return spec;
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://user:" + PASSWORD + "@example.com/org/repo", "http://user:" + PASSWORD + "@example.com/r",
            "https://token" + PASSWORD + "@example.com/org/repo",
            "HTTPS://user:" + PASSWORD + "@example.com/r", "https://user:" + PASSWORD + "@@example.com/r",
            "https://user:" + PASSWORD + "@example.com"})
    void aCredentialInTheUrlIsRefusedNeverQuotedAndPointsAtTheSettings(String url) {
        List<ValidationError> errors = validate(withGitUrl(url));
        assertThat(errors).extracting(ValidationError::field).containsExactly("gitRepository.url");
        assertThat(errors.get(0).message()).contains("must not carry credentials").contains("httpsUser")
                .contains("httpsKey").contains("localAuthRef").doesNotContain(PASSWORD).doesNotContain("token");
    }

    @Test
    void anSshUrlWithAPasswordPointsAtTheKey() {
        List<ValidationError> errors = validate(withGitUrl("ssh://git:" + PASSWORD + "@example.com/org/repo"));
        assertThat(errors).extracting(ValidationError::field).containsExactly("gitRepository.url");
        assertThat(errors.get(0).message()).contains("sshPrivateKey").contains("localAuthRef").doesNotContain(PASSWORD);
    }

    @Test
    void bucketAndOciUrlsWithCredentialsAreRefusedToo() {
        FluxConfigSpec spec = TestConfigs.tutorialSpec("cluster-config");
        spec.setGitRepository(null);
        spec.setSourceKind(SourceKind.BUCKET);
        BucketDefinition bucket = new BucketDefinition();
        bucket.setUrl("https://key:" + PASSWORD + "@s3.example.com");
        bucket.setBucketName("my-bucket");
        bucket.setLocalAuthRef("creds");
        spec.setBucket(bucket);
        List<ValidationError> errors = validate(spec);
        assertThat(errors).extracting(ValidationError::field).containsExactly("bucket.url");
        assertThat(errors.get(0).message()).contains("bucketSecretKey").doesNotContain(PASSWORD);

        spec.setBucket(null);
        spec.setSourceKind(SourceKind.OCI_REPOSITORY);
        OciRepositoryDefinition oci = new OciRepositoryDefinition();
        oci.setUrl("oci://robot:" + PASSWORD + "@registry.example.com/app");
        spec.setOciRepository(oci);
        errors = validate(spec);
        assertThat(errors).extracting(ValidationError::field).containsExactly("ociRepository.url");
        assertThat(errors.get(0).message()).contains("localAuthRef").doesNotContain(PASSWORD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ssh://git@github.com/org/repo", "git@github.com:org/repo.git", "ssh://deploy@example.com:2222/r",
            "https://github.com/org/repo", "https://dev.azure.com/org/p/_git/repo?x=a@b"})
    void usersWithoutPasswordOnSshAndPlainUrlsStayValid(String url) {
        assertThat(validate(withGitUrl(url))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://user:" + PASSWORD + "@example.com/r", "ftp://example.com/" + PASSWORD,
            "user:" + PASSWORD + "@example.com:org/repo", "https://example.com/" + PASSWORD + " with space",
            "git@example.com " + PASSWORD, "file:///" + PASSWORD})
    void anInvalidUrlIsNeverQuotedWhole(String url) {
        List<ValidationError> errors = validate(withGitUrl(url));
        assertThat(errors).isNotEmpty();
        assertThat(errors).allSatisfy(e -> assertThat(e.toString()).doesNotContain(PASSWORD));
        assertThat(errors).extracting(ValidationError::field).contains("gitRepository.url");
    }

    @Test
    void redactedUrlsKeepSchemeAndHostOnly() {
        assertThat(FluxConfigValidator.redactUrl("https://u:" + PASSWORD + "@example.com:8443/a/b?c#d"))
                .isEqualTo("https://example.com:8443");
        assertThat(FluxConfigValidator.redactUrl("git@github.com:org/repo")).isEqualTo("git@github.com");
        assertThat(FluxConfigValidator.redactUrl("not a url " + PASSWORD)).isNull();
        assertThat(FluxConfigValidator.redactUrl("x".repeat(InputLimits.MAX_URL + 1))).isNull();
    }

    @Test
    void aChainOfTwoThousandDependenciesIsRefusedWithoutRecursion() {
        // the old recursive search overflowed the stack here; the limit refuses the list before any graph work
        List<ValidationError> errors = validate(chain(2000));
        assertThat(errors).extracting(ValidationError::field).containsExactly("kustomizations");
        assertThat(errors.get(0).message()).contains("2000 entries").contains("at most " + InputLimits.MAX_KUSTOMIZATIONS);
    }

    @Test
    void theCycleSearchItselfNeedsNoStack() {
        // the search on its own, on a graph far beyond the limits: a chain of 200,000 and a cycle closing it
        Map<String, List<String>> graph = new HashMap<>();
        List<String> nodes = new ArrayList<>();
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            nodes.add("k" + i);
            graph.put("k" + i, i > 0 ? List.of("k" + (i - 1)) : List.of());
        }
        assertThat(FluxConfigValidator.findCycle(nodes, graph)).isNull();
        graph.put("k0", List.of("k" + (n - 1)));
        List<String> cycle = FluxConfigValidator.findCycle(nodes, graph);
        assertThat(cycle).hasSize(n + 1);
        assertThat(cycle.get(0)).isEqualTo(cycle.get(n));
    }

    @Test
    void chainsAndCyclesWithinTheLimitsAreStillJudged() {
        assertThat(validate(chain(InputLimits.MAX_KUSTOMIZATIONS))).isEmpty();
        FluxConfigSpec cyclic = chain(InputLimits.MAX_KUSTOMIZATIONS);
        cyclic.getKustomizations().get(0).setDependsOn(new ArrayList<>(List.of("k99")));
        List<ValidationError> errors = validate(cyclic);
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).message()).startsWith("dependency cycle: k0 -> k99 -> k98").endsWith("-> k1 -> k0");
    }

    @Test
    void tooManyDependsOnEntriesAreRefused() {
        FluxConfigSpec spec = TestConfigs.tutorialSpec("cluster-config");
        List<String> deps = new ArrayList<>();
        for (int i = 0; i <= InputLimits.MAX_DEPENDS_ON; i++) {
            deps.add("infra");
        }
        spec.getKustomizations().get(1).setDependsOn(deps);
        assertThat(validate(spec)).extracting(ValidationError::toString)
                .containsExactly("kustomizations[apps].dependsOn: has 101 entries; at most 100 are allowed");
    }

    @Test
    void pathsAreBoundedAndStayInsideTheSource() {
        for (String bad : List.of("../../etc", "./apps/../../etc", "..", "apps/..", "a\tb")) {
            FluxConfigSpec spec = TestConfigs.tutorialSpec("cluster-config");
            spec.getKustomizations().get(0).setPath(bad);
            assertThat(validate(spec)).as(bad).extracting(ValidationError::field)
                    .containsExactly("kustomizations[infra].path");
        }
        FluxConfigSpec huge = TestConfigs.tutorialSpec("cluster-config");
        huge.getKustomizations().get(0).setPath("a/".repeat(100_000));
        List<ValidationError> errors = validate(huge);
        assertThat(errors).extracting(ValidationError::toString)
                .containsExactly("kustomizations[infra].path: is 200000 characters long; at most 1024 are allowed");
        for (String good : List.of("", "./apps/staging", "apps/..data", "...", "./a/.b/c", "/clusters/prod")) {
            FluxConfigSpec spec = TestConfigs.tutorialSpec("cluster-config");
            spec.getKustomizations().get(0).setPath(good);
            assertThat(validate(spec)).as(good).isEmpty();
        }
    }

    @Test
    void longStringsAreRefusedByLengthWithoutBeingQuoted() {
        String big = "x".repeat(300_000);
        FluxConfigSpec spec = TestConfigs.tutorialSpec("cluster-config");
        spec.getGitRepository().setUrl("https://example.com/" + big);
        spec.getGitRepository().getRepositoryRef().setBranch(big);
        spec.getGitRepository().setLocalAuthRef(big);
        spec.getGitRepository().setProvider(big);
        spec.setCorrelationId(big);
        spec.getKustomizations().get(1).setDependsOn(new ArrayList<>(List.of(big)));
        List<ValidationError> errors = validate(spec);
        assertThat(errors).extracting(ValidationError::field).contains("gitRepository.url",
                "gitRepository.repositoryRef.branch", "gitRepository.localAuthRef", "gitRepository.provider",
                "correlationId", "kustomizations[apps].dependsOn");
        assertThat(errors).allSatisfy(e -> assertThat(e.toString().length()).isLessThan(300));
    }
}
