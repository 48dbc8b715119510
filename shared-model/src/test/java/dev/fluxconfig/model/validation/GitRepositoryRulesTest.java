package dev.fluxconfig.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.fluxconfig.model.v1alpha1.spec.GitRepositoryDefinition;
import dev.fluxconfig.model.v1alpha1.spec.RepositoryRef;
import dev.fluxconfig.testing.TestConfigs;

/** The GitRepository rules on their own, for the references and settings the whole-configuration tests do not reach. */
class GitRepositoryRulesTest {

    static List<ValidationError> check(GitRepositoryDefinition git, Map<String, String> secrets) {
        return RuleRuns.run(secrets, r -> GitRepositoryRules.check(git, r));
    }

    static GitRepositoryDefinition git() {
        return TestConfigs.tutorialSpec("cluster-config").getGitRepository();
    }

    @Test
    void theTutorialSourceIsValid() {
        assertThat(check(git(), Map.of())).isEmpty();
    }

    @Test
    void aCommitMayBeCombinedWithABranchOnly() {
        GitRepositoryDefinition g = git();
        g.getRepositoryRef().setCommit("0123abc");
        assertThat(check(g, Map.of())).isEmpty();
        RepositoryRef ref = new RepositoryRef();
        ref.setTag("v1");
        ref.setCommit("0123abc");
        g.setRepositoryRef(ref);
        assertThat(check(g, Map.of())).containsExactly(new ValidationError("gitRepository.repositoryRef",
                "gives tag and commit; exactly one of branch, tag, semver or commit is allowed (commit may be combined "
                        + "with branch)"));
    }

    @Test
    void aReferenceMustNotClimbWithDotDot() {
        GitRepositoryDefinition g = git();
        g.getRepositoryRef().setBranch("main..other");
        assertThat(check(g, Map.of())).containsExactly(
                new ValidationError("gitRepository.repositoryRef.branch", "'main..other' is not a valid git reference"));
    }

    @Test
    void aSemverReferenceMustBeARange() {
        GitRepositoryDefinition g = git();
        RepositoryRef ref = new RepositoryRef();
        ref.setSemver("^1.2 || ~2.0");
        g.setRepositoryRef(ref);
        assertThat(check(g, Map.of())).isEmpty();
        ref.setSemver("one");
        assertThat(check(g, Map.of())).extracting(ValidationError::field)
                .containsExactly("gitRepository.repositoryRef.semver");
    }

    @Test
    void anEmptyReferenceNamesTheReference() {
        GitRepositoryDefinition g = git();
        g.setRepositoryRef(new RepositoryRef());
        assertThat(check(g, Map.of())).containsExactly(
                new ValidationError("gitRepository.repositoryRef", "needs one of branch, tag, semver or commit"));
    }

    @Test
    void theCaCertificateMustBeBase64() {
        GitRepositoryDefinition g = git();
        g.setHttpsCACert("not base64!");
        assertThat(check(g, Map.of()))
                .containsExactly(new ValidationError("gitRepository.httpsCACert", "must be base64-encoded"));
        g.setHttpsCACert(FluxConfigValidatorTest.b64("-----BEGIN CERTIFICATE-----"));
        assertThat(check(g, Map.of())).isEmpty();
    }

    @Test
    void anHttpsKeyWithAnSshUrlNamesTheKey() {
        GitRepositoryDefinition g = git();
        g.setUrl("ssh://git@github.com/org/repo");
        assertThat(check(g, Map.of("httpsKey", FluxConfigValidatorTest.b64("token")))).contains(new ValidationError(
                "configurationProtectedSettings.httpsKey", "https credentials cannot be used with an ssh URL"));
    }
}
