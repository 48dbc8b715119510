package dev.fluxconfig.sandbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fluxconfig.model.dataplane.DesiredConfiguration;
import dev.fluxconfig.model.dataplane.FluxConfigurationProperties;
import dev.fluxconfig.model.v1alpha1.spec.GitRepositoryDefinition;
import dev.fluxconfig.model.v1alpha1.spec.KustomizationDefinition;

import picocli.CommandLine;

/**
 * {@code flux update} and {@code flux kustomization update}: every flag over an existing configuration, what stays, what
 * is replaced, and refusals with the flag or the validator's field named.
 */
class UpdateFlagsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The tutorial's configuration as the data plane stores it (a JSON round trip, like the CLI reads it). */
    static DesiredConfiguration tutorial(String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("-n", "cluster-config", "--namespace", "cluster-config", "-u",
                "https://github.com/Azure/gitops-flux2-kustomize-helm-mt", "--branch", "main", "--kustomization",
                "name=infra", "path=./infrastructure", "prune=true", "--kustomization", "name=apps", "path=./apps/staging",
                "prune=true", "dependsOn=[infra]"));
        args.addAll(List.of(extra));
        ConfigurationBuilder.Result r = ConfigurationBuilderTest.create(args.toArray(String[]::new));
        assertThat(r.errors()).isEmpty();
        return roundTrip(r.configuration());
    }

    static DesiredConfiguration roundTrip(DesiredConfiguration d) throws Exception {
        return JSON.readValue(JSON.writeValueAsString(d), DesiredConfiguration.class);
    }

    static ConfigurationBuilder.Result update(DesiredConfiguration current, String... args) {
        ConfigurationBuilder b = new ConfigurationBuilder();
        List<String> all = new java.util.ArrayList<>(List.of("-n", current.name()));
        all.addAll(List.of(args));
        new CommandLine(b).parseArgs(all.toArray(String[]::new));
        return b.update(current, "op-2");
    }

    static FluxConfigurationProperties updated(DesiredConfiguration current, String... args) {
        ConfigurationBuilder.Result r = update(current, args);
        assertThat(r.errors()).as("errors of %s", List.of(args)).isEmpty();
        assertThat(r.configuration().operationId()).isEqualTo("op-2");
        return r.configuration().properties();
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRefFlagReplacesTheRefAndEverythingElseStays() throws Exception {
        DesiredConfiguration current = tutorial("--interval", "5m");
        FluxConfigurationProperties p = updated(current, "--tag", "v1");
        GitRepositoryDefinition git = p.gitRepository();
        assertThat(git.getRepositoryRef().getTag()).isEqualTo("v1");
        assertThat(git.getRepositoryRef().getBranch()).isNull();
        assertThat(git.getUrl()).isEqualTo("https://github.com/Azure/gitops-flux2-kustomize-helm-mt");
        assertThat(git.getSyncIntervalInSeconds()).isEqualTo(300L);
        assertThat(p.kustomizations()).containsOnlyKeys("infra", "apps");
        assertThat(p.kustomizations().get("apps").getDependsOn()).containsExactly("infra");
        assertThat(p.configurationProtectedSettings()).as("nothing secret given: nothing sent, the stored stay").isNull();

        assertThat(updated(current, "--semver", ">=1.0.0").gitRepository().getRepositoryRef().getSemver())
                .isEqualTo(">=1.0.0");
        String sha = "0123456789abcdef0123456789abcdef01234567";
        assertThat(updated(current, "--commit", sha).gitRepository().getRepositoryRef().getCommit()).isEqualTo(sha);
        assertThat(updated(current, "--branch", "dev").gitRepository().getRepositoryRef().getBranch()).isEqualTo("dev");
    }

    @Test
    void refFlagsAreMutuallyExclusive() throws Exception {
        ConfigurationBuilder.Result r = update(tutorial(), "--branch", "dev", "--tag", "v1");
        assertThat(r.configuration()).isNull();
        assertThat(r.errors()).singleElement().asString().contains("--branch").contains("--tag").contains("mutually exclusive");
        assertThat(ConfigurationBuilderTest.create("-n", "cfg", "-u", "https://x/y", "--branch", "main", "--commit",
                "0123456789abcdef0123456789abcdef01234567").errors()).singleElement().asString().contains("mutually exclusive");
    }

    @Test
    void urlIntervalTimeoutAndSuspend() throws Exception {
        DesiredConfiguration current = tutorial();
        FluxConfigurationProperties p = updated(current, "-u", "https://example.com/other", "--interval", "1m",
                "--timeout", "2m30s");
        assertThat(p.gitRepository().getUrl()).isEqualTo("https://example.com/other");
        assertThat(p.gitRepository().getRepositoryRef().getBranch()).isEqualTo("main");
        assertThat(p.gitRepository().getSyncIntervalInSeconds()).isEqualTo(60L);
        assertThat(p.gitRepository().getTimeoutInSeconds()).isEqualTo(150L);
        assertThat(p.suspend()).isFalse();

        assertThat(updated(current, "--suspend").suspend()).isTrue();
        assertThat(updated(current, "--suspend", "true").suspend()).isTrue();
        DesiredConfiguration suspended = roundTrip(update(current, "--suspend").configuration());
        assertThat(updated(suspended, "--no-suspend").suspend()).isFalse();
        assertThat(updated(suspended, "--suspend", "false").suspend()).isFalse();
        assertThat(updated(suspended, "--interval", "3m").suspend()).as("not given: stays").isTrue();
    }

    @Test
    void authFlagsReplaceTheAuthenticationAsASet() throws Exception {
        DesiredConfiguration current = tutorial();
        FluxConfigurationProperties https = updated(current, "--https-user", "me", "--https-key", "pat");
        assertThat(https.gitRepository().getHttpsUser()).isEqualTo("me");
        assertThat(https.configurationProtectedSettings()).containsExactly(Map.entry("httpsKey", b64("pat")));

        DesiredConfiguration withHttps = roundTrip(update(current, "--https-user", "me", "--https-key", "pat")
                .configuration());
        FluxConfigurationProperties local = updated(withHttps, "--local-auth-ref", "my-secret");
        assertThat(local.gitRepository().getLocalAuthRef()).isEqualTo("my-secret");
        assertThat(local.gitRepository().getHttpsUser()).as("the old method's user is removed").isNull();
        assertThat(local.configurationProtectedSettings()).as("sent empty: the stored httpsKey is removed").isEmpty();

        FluxConfigurationProperties ssh = updated(withHttps, "-u", "ssh://git@example.com/r.git", "--ssh-private-key",
                b64("-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n"), "--known-hosts",
                b64("example.com ssh-ed25519 " + b64("key")));
        assertThat(ssh.gitRepository().getHttpsUser()).isNull();
        assertThat(ssh.gitRepository().getSshKnownHosts()).isNotNull();
        assertThat(ssh.configurationProtectedSettings()).containsOnlyKeys("sshPrivateKey");

        ConfigurationBuilder.Result keyOnly = update(current, "--https-key", "pat");
        assertThat(keyOnly.configuration()).isNull();
        assertThat(keyOnly.errors()).containsExactly(
                "gitRepository.httpsUser: httpsUser and the protected setting httpsKey must be given together");
    }

    @Test
    void knownHostsFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("known_hosts");
        Files.writeString(file, "example.com ssh-ed25519 " + b64("key") + "\n");
        FluxConfigurationProperties p = updated(tutorial(), "-u", "ssh://git@example.com/r.git", "--known-hosts-file",
                file.toString());
        assertThat(p.gitRepository().getSshKnownHosts()).isEqualTo(b64("example.com ssh-ed25519 " + b64("key")));
        assertThat(update(tutorial(), "--known-hosts", "x", "--known-hosts-file", file.toString()).errors())
                .singleElement().asString().contains("mutually exclusive");
    }

    @Test
    void aKindChangeStartsANewSourceAndRemovesTheOldOneWithItsSecrets() throws Exception {
        DesiredConfiguration withHttps = tutorial("--https-user", "me", "--https-key", "pat");
        ConfigurationBuilder.Result r = update(withHttps, "--kind", "bucket", "-u", "https://s3.example.com",
                "--bucket-name", "bucket-1", "--bucket-access-key", "ak", "--bucket-secret-key", "sk", "--interval", "2m");
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).singleElement().asString().contains("GitRepository to Bucket");
        FluxConfigurationProperties p = r.configuration().properties();
        assertThat(p.sourceKind()).isEqualTo("Bucket");
        assertThat(p.gitRepository()).isNull();
        assertThat(p.bucket().getBucketName()).isEqualTo("bucket-1");
        assertThat(p.bucket().getAccessKey()).isEqualTo("ak");
        assertThat(p.bucket().getInsecure()).isFalse();
        assertThat(p.bucket().getSyncIntervalInSeconds()).isEqualTo(120L);
        assertThat(p.configurationProtectedSettings()).containsExactly(Map.entry("bucketSecretKey", b64("sk")));
        assertThat(p.kustomizations()).containsOnlyKeys("infra", "apps");

        FluxConfigurationProperties oci = updated(withHttps, "--kind", "oci", "-u", "oci://registry.example.com/app",
                "--tag", "v1");
        assertThat(oci.sourceKind()).isEqualTo("OCIRepository");
        assertThat(oci.gitRepository()).isNull();
        assertThat(oci.ociRepository().repositoryRef().getTag()).isEqualTo("v1");
        assertThat(oci.configurationProtectedSettings()).as("sent empty: httpsKey is removed").isEmpty();

        FluxConfigurationProperties blob = updated(withHttps, "--kind", "azblob", "-u",
                "https://account.blob.core.windows.net", "--container-name", "configs", "--account-key", "k");
        assertThat(blob.azureBlob().containerName()).isEqualTo("configs");
        assertThat(blob.azureBlob().accountKey()).isEqualTo("k");
        assertThat(blob.gitRepository()).isNull();

        // back to git: the bucket's fields go, a ref is needed again
        DesiredConfiguration bucket = roundTrip(r.configuration());
        ConfigurationBuilder.Result noRef = update(bucket, "--kind", "git", "-u", "https://example.com/r");
        assertThat(noRef.errors()).singleElement().asString().startsWith("gitRepository.repositoryRef:");
        FluxConfigurationProperties git = updated(bucket, "--kind", "git", "-u", "https://example.com/r", "--branch",
                "main");
        assertThat(git.bucket()).isNull();
        assertThat(git.gitRepository().getRepositoryRef().getBranch()).isEqualTo("main");
        assertThat(git.configurationProtectedSettings()).isEmpty();
    }

    @Test
    void sameKindBucketAndOciKeepWhatIsNotGiven() throws Exception {
        ConfigurationBuilder.Result created = ConfigurationBuilderTest.create("-n", "b", "--kind", "bucket", "-u",
                "https://s3.example.com", "--bucket-name", "bucket-1", "--access-key", "ak", "--secret-key", "sk", "-k",
                "name=a");
        assertThat(created.errors()).isEmpty();
        DesiredConfiguration bucket = roundTrip(created.configuration());
        FluxConfigurationProperties p = updated(bucket, "--bucket-name", "bucket-2", "--bucket-insecure");
        assertThat(p.bucket().getBucketName()).isEqualTo("bucket-2");
        assertThat(p.bucket().getAccessKey()).isEqualTo("ak");
        assertThat(p.bucket().getInsecure()).isTrue();
        assertThat(p.configurationProtectedSettings()).isNull();

        DesiredConfiguration oci = roundTrip(ConfigurationBuilderTest.create("-n", "o", "--kind", "oci", "-u",
                "oci://registry.example.com/app", "--tag", "v1", "-k", "name=a").configuration());
        FluxConfigurationProperties o = updated(oci, "--semver", "1.x", "--timeout", "1m");
        assertThat(o.ociRepository().repositoryRef().getSemver()).isEqualTo("1.x");
        assertThat(o.ociRepository().repositoryRef().getTag()).isNull();
        assertThat(o.ociRepository().url()).isEqualTo("oci://registry.example.com/app");
        assertThat(o.ociRepository().timeoutInSeconds()).isEqualTo(60L);
    }

    @Test
    void refusals() throws Exception {
        DesiredConfiguration current = tutorial();
        assertThat(update(current, "--bucket-name", "b").errors()).containsExactly(
                "--bucket-name: not a flag of a GitRepository source");
        assertThat(update(current, "--namespace", "other").errors()).singleElement().asString()
                .startsWith("--namespace: the namespace of a configuration cannot be changed");
        assertThat(update(current, "--scope", "namespace").errors()).singleElement().asString().startsWith("--scope:");
        assertThat(update(current, "--kind", "svn").errors()).singleElement().asString().startsWith("--kind:");
        assertThat(update(current, "--interval", "1d").errors()).singleElement().asString().startsWith("--interval:");
        assertThat(update(current, "-u", "ftp://example.com/r").errors()).singleElement().asString()
                .startsWith("gitRepository.url:");
        assertThat(update(current, "--kustomization", "name=apps", "dependsOn=[nope]").errors()).containsExactly(
                "kustomizations[apps].dependsOn: 'nope' is not a kustomization of this configuration");
    }

    @Test
    void kustomizationOnUpdateChangesTheKeysItGivesOrAddsOne() throws Exception {
        FluxConfigurationProperties p = updated(tutorial(), "--kustomization", "name=infra", "path=./infra2",
                "--kustomization", "name=extra", "path=./extra", "dependsOn=apps");
        KustomizationDefinition infra = p.kustomizations().get("infra");
        assertThat(infra.getPath()).isEqualTo("./infra2");
        assertThat(infra.getPrune()).as("not given: stays").isTrue();
        assertThat(p.kustomizations().get("extra").getDependsOn()).containsExactly("apps");
        assertThat(p.kustomizations().get("extra").getPrune()).isFalse();
        assertThat(p.kustomizations().get("apps").getPath()).isEqualTo("./apps/staging");
    }

    static KustomizationDefinition kustomizationUpdate(KustomizationDefinition current, String... args) {
        KustomizationFlags flags = new KustomizationFlags();
        new CommandLine(flags).parseArgs(args);
        return flags.patch("apps").applyTo(current);
    }

    @Test
    void kustomizationUpdateFlags() throws Exception {
        KustomizationDefinition apps = tutorial().properties().kustomizations().get("apps");
        KustomizationDefinition k = kustomizationUpdate(apps, "--path", "./apps/production");
        assertThat(k.getPath()).isEqualTo("./apps/production");
        assertThat(k.getPrune()).isTrue();
        assertThat(k.getDependsOn()).containsExactly("infra");
        assertThat(k.getWait()).isTrue();

        k = kustomizationUpdate(apps, "--prune", "false", "--force", "--depends-on", "a,b", "--interval", "1h2m5s",
                "--timeout", "5m", "--retry-interval", "30s", "--disable-health-check");
        assertThat(k.getPrune()).isFalse();
        assertThat(k.getForce()).isTrue();
        assertThat(k.getDependsOn()).containsExactly("a", "b");
        assertThat(k.getSyncIntervalInSeconds()).isEqualTo(3725L);
        assertThat(k.getTimeoutInSeconds()).isEqualTo(300L);
        assertThat(k.getRetryIntervalInSeconds()).isEqualTo(30L);
        assertThat(k.getWait()).isFalse();
        assertThat(k.getPath()).isEqualTo("./apps/production");

        assertThat(kustomizationUpdate(apps, "--dependencies", "[x]").getDependsOn()).containsExactly("x");
        assertThat(kustomizationUpdate(apps, "--depends", "").getDependsOn()).as("an empty value removes them").isEmpty();
        assertThat(kustomizationUpdate(apps, "--sync-interval", "2m").getSyncIntervalInSeconds()).isEqualTo(120L);
        assertThat(kustomizationUpdate(apps, "--disable-health-check", "false").getWait()).isTrue();
        KustomizationFlags bad = new KustomizationFlags();
        new CommandLine(bad).parseArgs("--retry-interval", "soon");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bad.patch("apps"))
                .hasMessageStartingWith("--retry-interval:");
    }
}
