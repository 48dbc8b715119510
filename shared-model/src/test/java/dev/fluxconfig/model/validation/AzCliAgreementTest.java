package dev.fluxconfig.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.fluxconfig.model.v1alpha1.FluxConfigSpec;
import dev.fluxconfig.model.v1alpha1.spec.KustomizationDefinition;
import dev.fluxconfig.model.v1alpha1.spec.OciRepositoryDefinition;
import dev.fluxconfig.model.v1alpha1.spec.OciRepositoryRef;
import dev.fluxconfig.model.v1alpha1.spec.RepositoryRef;
import dev.fluxconfig.model.v1alpha1.spec.SourceKind;
import dev.fluxconfig.testing.TestConfigs;

/**
 * The validator's verdict beside the real {@code az k8s-configuration flux} CLI's (its validators read in
 * Azure/azure-cli-extensions, src/k8s-configuration): where they agree, and where this project is deliberately stricter
 * (each such case is listed in the README with its reason). "cli" is the real CLI's verdict.
 */
class AzCliAgreementTest {

    enum Verdict {
        ACCEPT, REFUSE
    }

    static final class Input {
        String name = "cluster-config";
        String namespace = "cluster-config";
        FluxConfigSpec spec = TestConfigs.tutorialSpec("cluster-config");
    }

    static Arguments row(String title, Verdict cli, Verdict ours, Consumer<Input> change) {
        return Arguments.of(title, cli, ours, change);
    }

    static void semver(Input in, String range) {
        RepositoryRef ref = new RepositoryRef();
        ref.setSemver(range);
        in.spec.getGitRepository().setRepositoryRef(ref);
    }

    static void url(Input in, String url) {
        in.spec.getGitRepository().setUrl(url);
    }

    static void kustomizationName(Input in, String name) {
        KustomizationDefinition k = in.spec.getKustomizations().get(0);
        k.setName(name);
        in.spec.getKustomizations().get(1).setDependsOn(List.of(name));
    }

    static void oci(Input in, String url, String semver) {
        in.spec.setGitRepository(null);
        in.spec.setSourceKind(SourceKind.OCI_REPOSITORY);
        OciRepositoryDefinition oci = new OciRepositoryDefinition();
        oci.setUrl(url);
        if (semver != null) {
            OciRepositoryRef ref = new OciRepositoryRef();
            ref.setSemver(semver);
            oci.setRepositoryRef(ref);
        }
        in.spec.setOciRepository(oci);
    }

    static Stream<Arguments> cases() {
        Verdict ok = Verdict.ACCEPT;
        Verdict no = Verdict.REFUSE;
        return Stream.of(
                row("semver >=1.0.0 <2.0.0", ok, ok, in -> semver(in, ">=1.0.0 <2.0.0")),
                row("semver ^1.2 || ~2.0", ok, ok, in -> semver(in, "^1.2 || ~2.0")),
                row("semver 1.2.x", ok, ok, in -> semver(in, "1.2.x")),
                row("semver >= 1.0, < 2.0", ok, ok, in -> semver(in, ">= 1.0, < 2.0")),
                row("semver 1.0 - 1.4.5", ok, ok, in -> semver(in, "1.0 - 1.4.5")),
                row("semver 'main branch' (CLI passes any text; Flux cannot parse it)", ok, no,
                        in -> semver(in, "main branch")),
                row("OCI semver >=1.0.0 <2.0.0", ok, ok, in -> oci(in, "oci://ghcr.io/org/app", ">=1.0.0 <2.0.0")),
                row("configuration name of 63 characters (generated Kustomization name over 63)", ok, no,
                        in -> in.name = "c".repeat(63)),
                row("configuration name of 57 characters with kustomization 'infra' (57 + 5 = 62)", ok, ok, in -> {
                    in.name = "c".repeat(57);
                    kustomizationName(in, "infra");
                }),
                row("configuration name of 64 characters", no, no, in -> in.name = "c".repeat(64)),
                row("configuration name with a period", ok, ok, in -> in.name = "cluster.config"),
                row("configuration name starting with '-'", no, no, in -> in.name = "-config"),
                row("configuration name with upper case", no, no, in -> in.name = "Config"),
                row("kustomization name of 63 characters (config 'c')", ok, no, in -> {
                    in.name = "c";
                    kustomizationName(in, "k".repeat(63));
                }),
                row("kustomization name with a period", ok, ok, in -> kustomizationName(in, "in.fra")),
                row("kustomization name ending with '.'", no, no, in -> kustomizationName(in, "infra.")),
                row("namespace of 63 characters", ok, ok, in -> in.namespace = "n".repeat(63)),
                row("namespace of 64 characters (CLI allows 253; Kubernetes refuses)", ok, no,
                        in -> in.namespace = "n".repeat(64)),
                row("namespace with a period", no, no, in -> in.namespace = "cluster.config"),
                row("git URL https://", ok, ok, in -> url(in, "https://github.com/org/repo")),
                row("git URL ssh://", ok, ok, in -> url(in, "ssh://git@github.com/org/repo")),
                row("git URL git@host:path", ok, ok, in -> url(in, "git@github.com:org/repo")),
                row("git URL HTTPS:// (upper-case scheme)", no, no, in -> url(in, "HTTPS://github.com/org/repo")),
                row("git URL file://", no, no, in -> url(in, "file:///tmp/repo")),
                row("git URL without scheme", no, no, in -> url(in, "github.com/org/repo")),
                row("OCI URL oci://", ok, ok, in -> oci(in, "oci://ghcr.io/org/app", null)),
                row("OCI URL https:// ", no, no, in -> oci(in, "https://ghcr.io/org/app", null)),
                row("dependsOn a missing kustomization", ok, no,
                        in -> in.spec.getKustomizations().get(1).setDependsOn(List.of("nope"))),
                row("dependsOn cycle", ok, no, in -> in.spec.getKustomizations().get(0).setDependsOn(List.of("apps"))),
                row("duplicate kustomization names (the CLI keys them by name: the last one wins)", ok, no,
                        in -> kustomizationName(in, "apps")),
                row("branch and commit together (ARM accepts it; the CLI refuses two refs)", no, ok,
                        in -> in.spec.getGitRepository().getRepositoryRef().setCommit("0123abc")),
                row("two repository refs (branch and tag)", no, no, in -> in.spec.getGitRepository().getRepositoryRef()
                        .setTag("v1")),
                row("no repository ref", no, no, in -> in.spec.getGitRepository().setRepositoryRef(new RepositoryRef())));
    }

    @ParameterizedTest(name = "{0}: cli {1}, ours {2}")
    @MethodSource("cases")
    void verdicts(String title, Verdict cli, Verdict ours, Consumer<Input> change) {
        Input in = new Input();
        change.accept(in);
        List<ValidationError> errors = FluxConfigValidator.validate(in.name, in.namespace, in.spec, new HashMap<>());
        assertThat(errors.isEmpty() ? Verdict.ACCEPT : Verdict.REFUSE).as("%s: %s", title, errors).isEqualTo(ours);
    }
}
