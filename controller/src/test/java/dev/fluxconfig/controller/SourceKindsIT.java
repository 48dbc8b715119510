package dev.fluxconfig.controller;

import static dev.fluxconfig.controller.ControllerTestSupport.*;
import static dev.fluxconfig.model.FluxConfigConstants.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fluxconfig.controller.desired.AuthSecretDesired;
import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.source.Bucket;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.flux.source.OCIRepository;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.spec.AzureBlobDefinition;
import dev.fluxconfig.model.v1alpha1.spec.BucketDefinition;
import dev.fluxconfig.model.v1alpha1.spec.OciRepositoryDefinition;
import dev.fluxconfig.model.v1alpha1.spec.OciRepositoryRef;
import dev.fluxconfig.model.v1alpha1.spec.SourceKind;
import dev.fluxconfig.model.v1alpha1.status.ProvisioningState;
import dev.fluxconfig.testing.TestConfigs;

/** Every source kind and auth form, on the real API server. */
@QuarkusTest
@QuarkusTestResource(value = RealKubeTestResource.class, restrictToAnnotatedClass = false)
class SourceKindsIT {

    static final String KEY_PEM = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
    static final String KNOWN_HOSTS = "gitlab.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n";

    @Inject
    KubernetesClient client;

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String data(Secret s, String key) {
        return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }

    void protectedSettings(String ns, String config, String key, String armValue) {
        client.resource(new SecretBuilder().withNewMetadata().withName(protectedSettingsSecretName(config)).withNamespace(ns)
                .addToLabels(LABEL_MANAGED_BY, MANAGED_BY_AGENT).endMetadata()
                .addToData(key, b64(armValue)).build()).create();
    }

    Secret awaitSecret(String ns, String name) {
        return awaitValue(() -> client.secrets().inNamespace(ns).withName(name).get(), s -> true, client, ns,
                Duration.ofSeconds(30));
    }

    <T extends io.fabric8.kubernetes.api.model.HasMetadata> T awaitObject(Class<T> kind, String ns, String name) {
        return awaitValue(() -> client.resources(kind).inNamespace(ns).withName(name).get(), s -> true, client, ns,
                Duration.ofSeconds(30));
    }

    @Test
    void gitOverSshWithKeyAndKnownHosts() {
        String ns = namespace(client, "ssh");
        protectedSettings(ns, "cfg", PS_SSH_PRIVATE_KEY, b64(KEY_PEM));
        FluxConfig config = TestConfigs.tutorial("cfg", ns);
        config.getSpec().getGitRepository().setUrl("ssh://git@gitlab.example.com/org/repo.git");
        config.getSpec().getGitRepository().setSshKnownHosts(b64(KNOWN_HOSTS));
        client.resource(config).create();

        Secret auth = awaitSecret(ns, authSecretName("cfg"));
        assertThat(data(auth, "identity")).isEqualTo(KEY_PEM);
        assertThat(data(auth, "known_hosts")).isEqualTo(KNOWN_HOSTS);
        assertThat(auth.getData()).doesNotContainKey("identity.pub");
        GitRepository repo = awaitObject(GitRepository.class, ns, "cfg");
        assertThat(repo.getSpec().getUrl()).isEqualTo("ssh://git@gitlab.example.com/org/repo.git");
        assertThat(repo.getSpec().getSecretRef().getName()).isEqualTo(authSecretName("cfg"));
        FluxConfig done = awaitConfig(client, ns, "cfg", c -> c.getStatus() != null);
        assertThat(done.getStatus().getRepositoryPublicKey()).isNull();
    }

    @Test
    void scpUrlIsRewrittenAndAKeyIsGeneratedOnceAndKept() {
        String ns = namespace(client, "genkey");
        FluxConfig config = TestConfigs.tutorial("cfg", ns);
        config.getSpec().getGitRepository().setUrl("git@github.com:Azure/gitops-flux2-kustomize-helm-mt.git");
        client.resource(config).create();

        GitRepository repo = awaitObject(GitRepository.class, ns, "cfg");
        assertThat(repo.getSpec().getUrl()).isEqualTo("ssh://git@github.com/Azure/gitops-flux2-kustomize-helm-mt.git");
        FluxConfig withKey = awaitConfig(client, ns, "cfg",
                c -> c.getStatus() != null && c.getStatus().getRepositoryPublicKey() != null);
        String publicKey = withKey.getStatus().getRepositoryPublicKey();
        assertThat(publicKey).startsWith("ssh-ed25519 AAAA");
        Secret auth = awaitSecret(ns, authSecretName("cfg"));
        assertThat(data(auth, "identity")).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(data(auth, "identity.pub")).isEqualTo(publicKey);
        assertThat(data(auth, "known_hosts")).startsWith("github.com ssh-ed25519");
        assertThat(auth.getMetadata().getAnnotations()).containsEntry(AuthSecretDesired.ANNOTATION_GENERATED_KEY, "true");

        // a spec change reconciles again; the key pair stays the same
        edit(client, FluxConfig.class, ns, "cfg", c -> {
            c.getSpec().getGitRepository().setSyncIntervalInSeconds(60L);
            return c;
        });
        awaitValue(() -> client.resources(GitRepository.class).inNamespace(ns).withName("cfg").get(),
                r -> "1m0s".equals(r.getSpec().getInterval()), client, ns, Duration.ofSeconds(30));
        assertThat(data(client.secrets().inNamespace(ns).withName(authSecretName("cfg")).get(), "identity.pub"))
                .isEqualTo(publicKey);
        assertThat(get(client, ns, "cfg").getStatus().getRepositoryPublicKey()).isEqualTo(publicKey);
    }

    @Test
    void localAuthRefIsUsedAsIs() {
        String ns = namespace(client, "localauth");
        FluxConfig config = TestConfigs.tutorial("cfg", ns);
        config.getSpec().getGitRepository().setLocalAuthRef("my-git-creds");
        client.resource(config).create();
        GitRepository repo = awaitObject(GitRepository.class, ns, "cfg");
        assertThat(repo.getSpec().getSecretRef().getName()).isEqualTo("my-git-creds");
        awaitConfig(client, ns, "cfg", c -> c.getStatus() != null);
        assertThat(client.secrets().inNamespace(ns).withName(authSecretName("cfg")).get()).isNull();
    }

    @Test
    void bucketWithKeys() {
        String ns = namespace(client, "bucket");
        protectedSettings(ns, "cfg", PS_BUCKET_SECRET_KEY, b64("s3cr3t"));
        FluxConfig config = TestConfigs.tutorial("cfg", ns);
        config.getSpec().setGitRepository(null);
        config.getSpec().setSourceKind(SourceKind.BUCKET);
        BucketDefinition b = new BucketDefinition();
        b.setUrl("http://minio.example.com:9000");
        b.setBucketName("manifests");
        b.setAccessKey("AKIAEXAMPLE");
        config.getSpec().setBucket(b);
        client.resource(config).create();

        Bucket bucket = awaitObject(Bucket.class, ns, "cfg");
        assertThat(bucket.getSpec().getProvider()).isEqualTo("generic");
        assertThat(bucket.getSpec().getEndpoint()).isEqualTo("minio.example.com:9000");
        assertThat(bucket.getSpec().getInsecure()).isTrue();
        assertThat(bucket.getSpec().getBucketName()).isEqualTo("manifests");
        Secret auth = awaitSecret(ns, authSecretName("cfg"));
        assertThat(data(auth, "accesskey")).isEqualTo("AKIAEXAMPLE");
        assertThat(data(auth, "secretkey")).isEqualTo("s3cr3t");
        Kustomization k = awaitObject(Kustomization.class, ns, "cfg-infra");
        assertThat(k.getSpec().getSourceRef().getKind()).isEqualTo("Bucket");
        assertThat(k.getSpec().getPatches()).as("managed source is for GitRepository only").isNull();
    }

    @Test
    void azureBlobBecomesABucketWithProviderAzure() {
        String ns = namespace(client, "blob");
        client.resource(new SecretBuilder().withNewMetadata().withName(protectedSettingsSecretName("cfg")).withNamespace(ns)
                .addToLabels(LABEL_MANAGED_BY, MANAGED_BY_AGENT).endMetadata()
                .addToData(PS_ACCOUNT_KEY, b64("account-key-value")).build()).create();
        FluxConfig config = TestConfigs.tutorial("cfg", ns);
        config.getSpec().setGitRepository(null);
        config.getSpec().setSourceKind(SourceKind.AZURE_BLOB);
        AzureBlobDefinition blob = new AzureBlobDefinition();
        blob.setUrl("https://myaccount.blob.core.windows.net");
        blob.setContainerName("manifests");
        config.getSpec().setAzureBlob(blob);
        client.resource(config).create();

        Bucket bucket = awaitObject(Bucket.class, ns, "cfg");
        assertThat(bucket.getSpec().getProvider()).isEqualTo("azure");
        assertThat(bucket.getSpec().getEndpoint()).isEqualTo("https://myaccount.blob.core.windows.net");
        assertThat(bucket.getSpec().getBucketName()).isEqualTo("manifests");
        assertThat(data(awaitSecret(ns, authSecretName("cfg")), "accountKey")).isEqualTo("account-key-value");
        FluxConfig done = awaitConfig(client, ns, "cfg", c -> c.getStatus() != null && !c.getStatus().getStatuses().isEmpty());
        assertThat(done.getStatus().getStatuses().get(0).getKind()).isEqualTo("Bucket");
    }

    @Test
    void ociRepositoryAndRenamingTheSourceKindReplacesTheSource() {
        String ns = namespace(client, "oci");
        client.resource(TestConfigs.tutorial("cfg", ns)).create();
        awaitObject(GitRepository.class, ns, "cfg");

        edit(client, FluxConfig.class, ns, "cfg", c -> {
            c.getSpec().setGitRepository(null);
            c.getSpec().setSourceKind(SourceKind.OCI_REPOSITORY);
            OciRepositoryDefinition oci = new OciRepositoryDefinition();
            oci.setUrl("oci://ghcr.io/org/manifests");
            OciRepositoryRef ref = new OciRepositoryRef();
            ref.setTag("v1.2.3");
            oci.setRepositoryRef(ref);
            c.getSpec().setOciRepository(oci);
            return c;
        });
        OCIRepository repo = awaitObject(OCIRepository.class, ns, "cfg");
        assertThat(repo.getSpec().getUrl()).isEqualTo("oci://ghcr.io/org/manifests");
        assertThat(repo.getSpec().getRef().getTag()).isEqualTo("v1.2.3");
        assertThat(repo.getSpec().getInterval()).isEqualTo("10m0s");
        awaitValue(() -> client.resources(GitRepository.class).inNamespace(ns).withName("cfg").get() == null, gone -> gone,
                client, ns, Duration.ofSeconds(30));
        awaitValue(() -> client.resources(Kustomization.class).inNamespace(ns).withName("cfg-apps").get(),
                k -> "OCIRepository".equals(k.getSpec().getSourceRef().getKind()), client, ns, Duration.ofSeconds(30));
        assertThat(awaitConfig(client, ns, "cfg", c -> c.getStatus().getProvisioningState() == ProvisioningState.SUCCEEDED
                && "oci://ghcr.io/org/manifests".equals(c.getStatus().getUrl()))).isNotNull();
    }
}
