package dev.fluxconfig.controller.desired;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Secret;

import dev.fluxconfig.model.FluxConfigConstants;
import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.spec.PostBuildDefinition;
import dev.fluxconfig.testing.TestConfigs;

/** The pure desired() functions, without any server. */
class DesiredTest {

    static FluxConfig config() {
        FluxConfig c = TestConfigs.tutorial("cluster-config", "cluster-config");
        c.getMetadata().setUid("uid-1");
        return c;
    }

    static String data(Secret s, String key) {
        return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }

    @Test
    void scpUrlsBecomeSshUrls() {
        assertThat(SourceDesired.fluxGitUrl("git@github.com:org/repo.git")).isEqualTo("ssh://git@github.com/org/repo.git");
        assertThat(SourceDesired.fluxGitUrl("git@host:/abs/path")).isEqualTo("ssh://git@host/abs/path");
        assertThat(SourceDesired.fluxGitUrl("https://x/y")).isEqualTo("https://x/y");
    }

    @Test
    void kustomizationsCarryEverySetting() {
        FluxConfig c = config();
        var apps = c.getSpec().getKustomizations().get(1);
        apps.setRetryIntervalInSeconds(90L);
        apps.setForce(true);
        apps.setWait(false);
        PostBuildDefinition pb = new PostBuildDefinition();
        pb.setSubstitute(Map.of("cluster_env", "prod"));
        apps.setPostBuild(pb);
        List<Kustomization> ks = KustomizationDesired.desired(c, false);
        Kustomization k = ks.get(1);
        assertThat(k.getMetadata().getName()).isEqualTo("cluster-config-apps");
        assertThat(k.getSpec().getRetryInterval()).isEqualTo("1m30s");
        assertThat(k.getSpec().getForce()).isTrue();
        assertThat(k.getSpec().getWait()).isFalse();
        assertThat(k.getSpec().getPostBuild().getSubstitute()).containsEntry("cluster_env", "prod");
        assertThat(k.getSpec().getServiceAccountName()).isNull();
        assertThat(k.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo("uid-1"));
        assertThat(ks.get(0).getSpec().getRetryInterval()).as("unset retry stays unset (Flux defaults it)").isNull();
    }

    @Test
    void gitSourceSpec() {
        FluxConfig c = config();
        c.getSpec().getGitRepository().getRepositoryRef().setCommit("0123456789abcdef0123456789abcdef01234567");
        c.getSpec().getGitRepository().setTimeoutInSeconds(75L);
        GitRepository repo = (GitRepository) SourceDesired.desired(c, null, null);
        assertThat(repo.getSpec().getRef().getBranch()).isEqualTo("main");
        assertThat(repo.getSpec().getRef().getCommit()).isEqualTo("0123456789abcdef0123456789abcdef01234567");
        assertThat(repo.getSpec().getTimeout()).isEqualTo("1m15s");
        assertThat(repo.getSpec().getSecretRef()).isNull();
        assertThat(repo.getMetadata().getLabels()).containsEntry(FluxConfigConstants.LABEL_IS_MANAGED, "true");
    }

    @Test
    void httpsWithoutCredentialsNeedsNoSecret() {
        assertThat(AuthSecretDesired.desired(config(), ProtectedSettings.NONE, Optional.empty())).isEmpty();
        assertThat(AuthSecretDesired.secretRefName(config(), ProtectedSettings.NONE)).isEmpty();
    }

    @Test
    void generatedKeysAreValidEd25519AndKeptFromTheSecret() throws Exception {
        SshKeys.GeneratedKey key = SshKeys.generate("ns/cfg");
        assertThat(key.publicKey()).startsWith("ssh-ed25519 ").endsWith(" ns/cfg");
        byte[] blob = Base64.getDecoder().decode(key.publicKey().split(" ")[1]);
        assertThat(blob).hasSize(4 + 11 + 4 + 32);
        String pem = key.privateKeyPem();
        String body = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        assertThat(KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body))))
                .isNotNull();
        assertThat(key.toString()).doesNotContain("PRIVATE");

        FluxConfig c = config();
        c.getSpec().getGitRepository().setUrl("ssh://git@github.com/org/repo");
        Secret secret = AuthSecretDesired.desired(c, ProtectedSettings.NONE, Optional.of(key)).orElseThrow();
        assertThat(data(secret, "identity")).isEqualTo(pem);
        assertThat(AuthSecretDesired.existingGeneratedKey(secret)).contains(key);
        assertThat(AuthSecretDesired.needsGeneratedKey(c.getSpec(), ProtectedSettings.NONE)).isTrue();
    }

    @Test
    void protectedSettingsNeverPrintTheirValues() {
        ProtectedSettings ps = ProtectedSettings.of(Map.of("httpsKey", "c2VjcmV0"));
        assertThat(ps.toString()).contains("httpsKey").doesNotContain("c2VjcmV0");
        assertThat(ps.decoded("httpsKey")).isEqualTo("secret");
    }
}
