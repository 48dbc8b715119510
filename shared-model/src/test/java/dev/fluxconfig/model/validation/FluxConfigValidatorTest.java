package dev.fluxconfig.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.fluxconfig.model.v1alpha1.FluxConfigSpec;
import dev.fluxconfig.model.v1alpha1.spec.AzureBlobDefinition;
import dev.fluxconfig.model.v1alpha1.spec.BucketDefinition;
import dev.fluxconfig.model.v1alpha1.spec.KustomizationDefinition;
import dev.fluxconfig.model.v1alpha1.spec.LayerSelector;
import dev.fluxconfig.model.v1alpha1.spec.ManagedIdentityDefinition;
import dev.fluxconfig.model.v1alpha1.spec.OciRepositoryDefinition;
import dev.fluxconfig.model.v1alpha1.spec.OciRepositoryRef;
import dev.fluxconfig.model.v1alpha1.spec.PostBuildDefinition;
import dev.fluxconfig.model.v1alpha1.spec.ServicePrincipalDefinition;
import dev.fluxconfig.model.v1alpha1.spec.SourceKind;
import dev.fluxconfig.model.v1alpha1.spec.SubstituteFromDefinition;
import dev.fluxconfig.testing.TestConfigs;

/** Each bad input breaks exactly one rule, and the error names exactly that field. */
class FluxConfigValidatorTest {

    static final String PEM_KEY = b64("-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n");
    static final String KNOWN_HOSTS = b64(
            "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n");

    /** A mutable case: config name, namespace, spec and protected settings, starting from the valid tutorial. */
    static final class Case {
        String name = "cluster-config";
        String namespace = "cluster-config";
        FluxConfigSpec spec = TestConfigs.tutorialSpec("cluster-config");
        Map<String, String> secrets = new HashMap<>();
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static Arguments bad(String title, String expectedField, BiConsumer<Case, FluxConfigSpec> change) {
        return Arguments.of(title, expectedField, change);
    }

    static BucketDefinition bucket() {
        BucketDefinition b = new BucketDefinition();
        b.setUrl("https://s3.example.com");
        b.setBucketName("my-bucket");
        b.setAccessKey("AKIA123");
        return b;
    }

    static void asBucket(Case c, FluxConfigSpec s) {
        s.setGitRepository(null);
        s.setSourceKind(SourceKind.BUCKET);
        s.setBucket(bucket());
        c.secrets.put("bucketSecretKey", b64("secret"));
    }

    static AzureBlobDefinition blob() {
        AzureBlobDefinition b = new AzureBlobDefinition();
        b.setUrl("https://account.blob.core.windows.net");
        b.setContainerName("manifests");
        return b;
    }

    static void asBlob(Case c, FluxConfigSpec s) {
        s.setGitRepository(null);
        s.setSourceKind(SourceKind.AZURE_BLOB);
        s.setAzureBlob(blob());
        c.secrets.put("accountKey", b64("key"));
    }

    static void asOci(Case c, FluxConfigSpec s) {
        s.setGitRepository(null);
        s.setSourceKind(SourceKind.OCI_REPOSITORY);
        OciRepositoryDefinition o = new OciRepositoryDefinition();
        o.setUrl("oci://ghcr.io/org/manifests");
        s.setOciRepository(o);
    }

    static void asSsh(Case c, FluxConfigSpec s) {
        s.getGitRepository().setUrl("ssh://git@github.com/org/repo");
    }

    static KustomizationDefinition k(FluxConfigSpec s, String name) {
        return s.getKustomizations().stream().filter(x -> x.getName().equals(name)).findFirst().orElseThrow();
    }

    static Stream<Arguments> badInputs() {
        List<Arguments> cases = new ArrayList<>();
        // names and namespaces
        cases.add(bad("upper-case config name", "name", (c, s) -> c.name = "Cluster-Config"));
        cases.add(bad("config name starting with '-'", "name", (c, s) -> c.name = "-config"));
        cases.add(bad("config name ending with '.'", "name", (c, s) -> c.name = "config."));
        cases.add(bad("config name of 64 characters", "name", (c, s) -> c.name = "a".repeat(64)));
        cases.add(bad("empty config name", "name", (c, s) -> c.name = ""));
        cases.add(bad("namespace with a dot", "namespace", (c, s) -> c.namespace = "team.a"));
        cases.add(bad("namespace with underscore", "namespace", (c, s) -> c.namespace = "team_a"));
        cases.add(bad("namespace of 64 characters", "namespace", (c, s) -> c.namespace = "n".repeat(64)));
        cases.add(bad("kustomization name upper-case", "kustomizations[Infra].name",
                (c, s) -> {
                    k(s, "infra").setName("Infra");
                    k(s, "apps").setDependsOn(List.of());
                }));
        cases.add(bad("config + kustomization over 62", "kustomizations[" + "k".repeat(50) + "].name",
                (c, s) -> s.getKustomizations().add(new KustomizationDefinition("k".repeat(50), "./x"))));
        cases.add(bad("duplicate kustomization name", "kustomizations[infra].name",
                (c, s) -> s.getKustomizations().add(new KustomizationDefinition("infra", "./other"))));
        cases.add(bad("no kustomizations", "kustomizations", (c, s) -> s.getKustomizations().clear()));
        // source kind and bodies
        cases.add(bad("source kind without body", "gitRepository", (c, s) -> s.setGitRepository(null)));
        cases.add(bad("second source body", "bucket", (c, s) -> s.setBucket(bucket())));
        cases.add(bad("missing source kind", "sourceKind", (c, s) -> s.setSourceKind(null)));
        cases.add(bad("missing scope", "scope", (c, s) -> s.setScope(null)));
        // git URLs and refs
        cases.add(bad("git ftp URL", "gitRepository.url", (c, s) -> s.getGitRepository().setUrl("ftp://example.com/r")));
        cases.add(bad("git URL without host", "gitRepository.url", (c, s) -> s.getGitRepository().setUrl("https:///repo")));
        cases.add(bad("scp URL without path", "gitRepository.url", (c, s) -> s.getGitRepository().setUrl("git@github.com")));
        cases.add(bad("git URL missing", "gitRepository.url", (c, s) -> s.getGitRepository().setUrl(null)));
        cases.add(
                bad("no repository ref", "gitRepository.repositoryRef", (c, s) -> s.getGitRepository().setRepositoryRef(null)));
        cases.add(bad("branch and tag", "gitRepository.repositoryRef",
                (c, s) -> s.getGitRepository().getRepositoryRef().setTag("v1.0.0")));
        cases.add(bad("branch with a space", "gitRepository.repositoryRef.branch",
                (c, s) -> s.getGitRepository().getRepositoryRef().setBranch("my branch")));
        cases.add(bad("commit not hex", "gitRepository.repositoryRef.commit",
                (c, s) -> s.getGitRepository().getRepositoryRef().setCommit("not-a-sha")));
        // git auth combinations
        cases.add(bad("https user without key", "configurationProtectedSettings.httpsKey",
                (c, s) -> s.getGitRepository().setHttpsUser("me")));
        cases.add(bad("https key without user", "gitRepository.httpsUser",
                (c, s) -> c.secrets.put("httpsKey", b64("pat"))));
        cases.add(bad("ssh key with https URL", "configurationProtectedSettings.sshPrivateKey",
                (c, s) -> c.secrets.put("sshPrivateKey", PEM_KEY)));
        cases.add(bad("known hosts with https URL", "gitRepository.sshKnownHosts",
                (c, s) -> s.getGitRepository().setSshKnownHosts(KNOWN_HOSTS)));
        cases.add(bad("https user with ssh URL", "gitRepository.httpsUser", (c, s) -> {
            asSsh(c, s);
            s.getGitRepository().setHttpsUser("me");
            c.secrets.put("httpsKey", b64("pat"));
        }));
        cases.add(bad("CA certificate with ssh URL", "gitRepository.httpsCACert", (c, s) -> {
            asSsh(c, s);
            s.getGitRepository().setHttpsCACert(b64("cert"));
        }));
        cases.add(bad("ssh key not base64", "configurationProtectedSettings.sshPrivateKey", (c, s) -> {
            asSsh(c, s);
            c.secrets.put("sshPrivateKey", "%%%not base64%%%");
        }));
        cases.add(bad("ssh key not a private key", "configurationProtectedSettings.sshPrivateKey", (c, s) -> {
            asSsh(c, s);
            c.secrets.put("sshPrivateKey", b64("hello"));
        }));
        cases.add(bad("known hosts garbage", "gitRepository.sshKnownHosts", (c, s) -> {
            asSsh(c, s);
            s.getGitRepository().setSshKnownHosts(b64("not a known hosts line"));
        }));
        cases.add(bad("localAuthRef with ssh key", "gitRepository.localAuthRef", (c, s) -> {
            asSsh(c, s);
            s.getGitRepository().setLocalAuthRef("my-secret");
            c.secrets.put("sshPrivateKey", PEM_KEY);
        }));
        cases.add(bad("localAuthRef invalid name", "gitRepository.localAuthRef",
                (c, s) -> s.getGitRepository().setLocalAuthRef("My_Secret")));
        cases.add(bad("unknown protected key for git", "configurationProtectedSettings.bucketSecretKey",
                (c, s) -> c.secrets.put("bucketSecretKey", b64("x"))));
        cases.add(bad("unknown provider", "gitRepository.provider", (c, s) -> s.getGitRepository().setProvider("Gitea")));
        // durations
        cases.add(bad("source interval 0", "gitRepository.syncIntervalInSeconds",
                (c, s) -> s.getGitRepository().setSyncIntervalInSeconds(0L)));
        cases.add(bad("source timeout too large", "gitRepository.timeoutInSeconds",
                (c, s) -> s.getGitRepository().setTimeoutInSeconds(35_791_395L)));
        cases.add(bad("kustomization retry negative", "kustomizations[apps].retryIntervalInSeconds",
                (c, s) -> k(s, "apps").setRetryIntervalInSeconds(-5L)));
        cases.add(bad("kustomization timeout 0", "kustomizations[infra].timeoutInSeconds",
                (c, s) -> k(s, "infra").setTimeoutInSeconds(0L)));
        cases.add(bad("reconciliation wait not ISO", "reconciliationWaitDuration",
                (c, s) -> s.setReconciliationWaitDuration("10m")));
        // dependsOn
        cases.add(bad("dependsOn unknown", "kustomizations[apps].dependsOn",
                (c, s) -> k(s, "apps").setDependsOn(List.of("infa"))));
        cases.add(bad("dependsOn itself", "kustomizations[apps].dependsOn",
                (c, s) -> k(s, "apps").setDependsOn(List.of("apps"))));
        cases.add(bad("dependsOn twice", "kustomizations[apps].dependsOn",
                (c, s) -> k(s, "apps").setDependsOn(List.of("infra", "infra"))));
        cases.add(bad("dependsOn cycle", "kustomizations[infra].dependsOn",
                (c, s) -> k(s, "infra").setDependsOn(List.of("apps"))));
        cases.add(bad("three-step cycle", "kustomizations[infra].dependsOn", (c, s) -> {
            KustomizationDefinition web = new KustomizationDefinition("web", "./web");
            web.setDependsOn(List.of("apps"));
            s.getKustomizations().add(web);
            k(s, "infra").setDependsOn(List.of("web"));
        }));
        // post build
        cases.add(bad("substitute variable name", "kustomizations[apps].postBuild.substitute", (c, s) -> {
            PostBuildDefinition pb = new PostBuildDefinition();
            pb.setSubstitute(Map.of("cluster-env", "prod"));
            k(s, "apps").setPostBuild(pb);
        }));
        cases.add(bad("substituteFrom kind", "kustomizations[apps].postBuild.substituteFrom[0].kind", (c, s) -> {
            PostBuildDefinition pb = new PostBuildDefinition();
            SubstituteFromDefinition from = new SubstituteFromDefinition();
            from.setKind("Deployment");
            from.setName("vars");
            pb.setSubstituteFrom(List.of(from));
            k(s, "apps").setPostBuild(pb);
        }));
        // bucket
        cases.add(bad("bucket s3 scheme", "bucket.url", (c, s) -> {
            asBucket(c, s);
            s.getBucket().setUrl("s3://bucket");
        }));
        cases.add(bad("bucket name upper-case", "bucket.bucketName", (c, s) -> {
            asBucket(c, s);
            s.getBucket().setBucketName("My_Bucket");
        }));
        cases.add(bad("bucket access key without secret", "configurationProtectedSettings.bucketSecretKey", (c, s) -> {
            asBucket(c, s);
            c.secrets.remove("bucketSecretKey");
        }));
        cases.add(bad("bucket with no credentials", "bucket", (c, s) -> {
            asBucket(c, s);
            s.getBucket().setAccessKey(null);
            c.secrets.remove("bucketSecretKey");
        }));
        cases.add(bad("bucket localAuthRef and keys", "bucket.localAuthRef", (c, s) -> {
            asBucket(c, s);
            s.getBucket().setLocalAuthRef("creds");
        }));
        // azure blob
        cases.add(bad("blob container name with '--'", "azureBlob.containerName", (c, s) -> {
            asBlob(c, s);
            s.getAzureBlob().setContainerName("a--b");
        }));
        cases.add(bad("blob two auth methods", "azureBlob", (c, s) -> {
            asBlob(c, s);
            ManagedIdentityDefinition mi = new ManagedIdentityDefinition();
            mi.setClientId("id");
            s.getAzureBlob().setManagedIdentity(mi);
        }));
        cases.add(bad("blob service principal without tenant", "azureBlob.servicePrincipal.tenantId", (c, s) -> {
            asBlob(c, s);
            c.secrets.remove("accountKey");
            ServicePrincipalDefinition sp = new ServicePrincipalDefinition();
            sp.setClientId("id");
            s.getAzureBlob().setServicePrincipal(sp);
            c.secrets.put("clientSecret", "s3cr3t");
        }));
        cases.add(
                bad("blob certificate password without certificate", "configurationProtectedSettings.clientCertificatePassword",
                        (c, s) -> {
                            asBlob(c, s);
                            c.secrets.put("clientCertificatePassword", "pw");
                        }));
        // oci
        cases.add(bad("oci https URL", "ociRepository.url", (c, s) -> {
            asOci(c, s);
            s.getOciRepository().setUrl("https://ghcr.io/org/x");
        }));
        cases.add(bad("oci bad digest", "ociRepository.repositoryRef.digest", (c, s) -> {
            asOci(c, s);
            OciRepositoryRef ref = new OciRepositoryRef();
            ref.setDigest("sha256:xyz");
            s.getOciRepository().setRepositoryRef(ref);
        }));
        cases.add(bad("oci layer operation", "ociRepository.layerSelector.operation", (c, s) -> {
            asOci(c, s);
            LayerSelector l = new LayerSelector();
            l.setOperation("unpack");
            s.getOciRepository().setLayerSelector(l);
        }));
        cases.add(bad("oci tls key without certificate", "configurationProtectedSettings.tlsClientCertificate", (c, s) -> {
            asOci(c, s);
            c.secrets.put("tlsPrivateKey", b64("key"));
        }));
        return cases.stream();
    }

    @Test
    void theTutorialIsValid() {
        Case c = new Case();
        assertThat(FluxConfigValidator.validate(c.name, c.namespace, c.spec, c.secrets)).isEmpty();
    }

    @Test
    void enoughBadInputsAreCovered() {
        assertThat(badInputs().count()).isGreaterThanOrEqualTo(30);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void eachBadInputNamesItsField(String title, String expectedField, BiConsumer<Case, FluxConfigSpec> change) {
        Case c = new Case();
        change.accept(c, c.spec);
        List<ValidationError> errors = FluxConfigValidator.validate(c.name, c.namespace, c.spec, c.secrets);
        assertThat(errors).as(title).extracting(ValidationError::field).containsExactly(expectedField);
        assertThat(errors.get(0).message()).as(title).isNotBlank();
    }

    @Test
    void allFailuresOfOneConfigurationAreReportedTogether() {
        Case c = new Case();
        c.name = "Bad_Name";
        c.spec.getGitRepository().setUrl("ftp://x/y");
        k(c.spec, "apps").setDependsOn(List.of("infa"));
        List<ValidationError> errors = FluxConfigValidator.validate(c.name, c.namespace, c.spec, c.secrets);
        assertThat(errors).extracting(ValidationError::field)
                .containsExactlyInAnyOrder("name", "gitRepository.url", "kustomizations[apps].dependsOn");
        assertThat(errors).extracting(ValidationError::toString)
                .contains("kustomizations[apps].dependsOn: 'infa' is not a kustomization of this configuration");
    }

    @Test
    void cycleMessageNamesThePath() {
        Case c = new Case();
        k(c.spec, "infra").setDependsOn(List.of("apps"));
        assertThat(FluxConfigValidator.validate(c.name, c.namespace, c.spec, c.secrets))
                .extracting(ValidationError::message).containsExactly("dependency cycle: infra -> apps -> infra");
    }

    @Test
    void protectedValuesAreNeverQuoted() {
        Case c = new Case();
        c.spec.getGitRepository().setUrl("ssh://git@github.com/org/repo");
        c.secrets.put("sshPrivateKey", "c2VjcmV0LXZhbHVlLXRoYXQtbXVzdC1ub3QtbGVhaw==");
        List<ValidationError> errors = FluxConfigValidator.validate(c.name, c.namespace, c.spec, c.secrets);
        assertThat(errors).isNotEmpty();
        assertThat(errors.toString()).doesNotContain("c2VjcmV0").doesNotContain("secret-value");
    }

    @Test
    void scpUrlsWithKeyAndKnownHostsAreValid() {
        Case c = new Case();
        c.spec.getGitRepository().setUrl("git@github.com:Azure/gitops-flux2-kustomize-helm-mt.git");
        c.spec.getGitRepository().setSshKnownHosts(KNOWN_HOSTS);
        c.secrets.put("sshPrivateKey", PEM_KEY);
        assertThat(FluxConfigValidator.validate(c.name, c.namespace, c.spec, c.secrets)).isEmpty();
    }

    @Test
    void checkThrowsWithEveryError() {
        Case c = new Case();
        c.namespace = "BAD";
        org.assertj.core.api.Assertions
                .assertThatThrownBy(() -> FluxConfigValidator.check(c.name, c.namespace, c.spec, c.secrets))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("namespace: 'BAD'");
    }
}
