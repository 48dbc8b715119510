package dev.fluxconfig.controller.desired;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;

import dev.fluxconfig.model.Durations;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.spec.AzureBlobDefinition;
import dev.fluxconfig.model.v1alpha1.spec.BucketDefinition;
import dev.fluxconfig.model.v1alpha1.spec.GitRepositoryDefinition;
import dev.fluxconfig.model.v1alpha1.spec.KustomizationDefinition;
import dev.fluxconfig.model.v1alpha1.spec.LayerSelector;
import dev.fluxconfig.model.v1alpha1.spec.OciRepositoryDefinition;
import dev.fluxconfig.model.v1alpha1.spec.OciRepositoryRef;
import dev.fluxconfig.model.v1alpha1.spec.PostBuildDefinition;
import dev.fluxconfig.model.v1alpha1.spec.RepositoryRef;
import dev.fluxconfig.model.v1alpha1.spec.SourceKind;
import dev.fluxconfig.model.v1alpha1.spec.SubstituteFromDefinition;
import dev.fluxconfig.model.validation.FluxConfigValidator;
import dev.fluxconfig.testing.FluxSchemas;
import dev.fluxconfig.testing.TestConfigs;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every Flux object the desired-object builders make from a valid FluxConfig satisfies the real CRD's schema (types,
 * patterns, enums, required, bounds, no dropped fields) and its CEL rules, checked against the stored manifests.
 */
class DesiredSchemaTest {

    @Property(tries = 400)
    void everyGeneratedFluxObjectSatisfiesTheRealSchema(@ForAll("configs") FluxConfig config,
            @ForAll boolean multiTenancy, @ForAll boolean withSecret) {
        Assume.that(FluxConfigValidator.validate(config, Map.of()).isEmpty());
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(SourceDesired.desired(config, withSecret ? "auth" : null,
                withSecret && config.getSpec().getSourceKind() == SourceKind.OCI_REPOSITORY ? "tls" : null));
        objects.addAll(KustomizationDesired.desired(config, multiTenancy));
        for (HasMetadata o : objects) {
            assertThat(FluxSchemas.violations(o)).as("%s %s", o.getKind(), o.getMetadata().getName()).isEmpty();
        }
    }

    @Provide
    Arbitrary<FluxConfig> configs() {
        Arbitrary<Long> seconds = Arbitraries.oneOf(Arbitraries.longs().between(1, Durations.MAX_SECONDS),
                Arbitraries.of(1L, 59L, 60L, 600L, 3599L, 3600L, 3601L, 86400L, Durations.MAX_SECONDS));
        Arbitrary<SourceKind> kinds = Arbitraries.of(SourceKind.class);
        Arbitrary<String> refs = Arbitraries.of("branch:main", "tag:v1.2.3", "semver:>=1.0.0 <2.0.0", "semver:1.2.x",
                "commit:0123456789abcdef0123", "branch+commit:0123abc");
        Arbitrary<String> names = Arbitraries.of("cluster-config", "a", "web.app", "c".repeat(40));
        return Combinators.combine(names, kinds, seconds, seconds, seconds, refs, Arbitraries.of(true, false),
                Arbitraries.integers().between(1, 3)).as((name, kind, t1, t2, t3, ref, flag, count) -> {
                    FluxConfig c = TestConfigs.tutorial(name, "ns-" + count);
                    var spec = c.getSpec();
                    spec.setSuspend(flag);
                    spec.setGitRepository(null);
                    spec.setSourceKind(kind);
                    switch (kind) {
                        case GIT_REPOSITORY -> {
                            GitRepositoryDefinition git = new GitRepositoryDefinition();
                            git.setUrl(flag ? "https://github.com/org/repo" : "git@github.com:org/repo.git");
                            git.setTimeoutInSeconds(t1);
                            git.setSyncIntervalInSeconds(t2);
                            git.setProvider(flag ? "Azure" : null);
                            RepositoryRef r = new RepositoryRef();
                            String value = ref.substring(ref.indexOf(':') + 1);
                            switch (ref.substring(0, ref.indexOf(':'))) {
                                case "branch" -> r.setBranch(value);
                                case "tag" -> r.setTag(value);
                                case "semver" -> r.setSemver(value);
                                case "commit" -> r.setCommit(value);
                                default -> {
                                    r.setBranch("main");
                                    r.setCommit(value);
                                }
                            }
                            git.setRepositoryRef(r);
                            spec.setGitRepository(git);
                        }
                        case BUCKET -> {
                            BucketDefinition b = new BucketDefinition();
                            b.setUrl(flag ? "http://minio.local:9000" : "https://s3.example.com");
                            b.setBucketName("my-bucket");
                            b.setTimeoutInSeconds(t1);
                            b.setSyncIntervalInSeconds(t2);
                            spec.setBucket(b);
                        }
                        case AZURE_BLOB -> {
                            AzureBlobDefinition b = new AzureBlobDefinition();
                            b.setUrl("https://account.blob.core.windows.net");
                            b.setContainerName("manifests");
                            b.setTimeoutInSeconds(t1);
                            b.setSyncIntervalInSeconds(t2);
                            spec.setAzureBlob(b);
                        }
                        case OCI_REPOSITORY -> {
                            OciRepositoryDefinition o = new OciRepositoryDefinition();
                            o.setUrl("oci://ghcr.io/org/manifests");
                            o.setTimeoutInSeconds(t1);
                            o.setSyncIntervalInSeconds(t2);
                            OciRepositoryRef r = new OciRepositoryRef();
                            if (ref.startsWith("semver")) {
                                r.setSemver(ref.substring(ref.indexOf(':') + 1));
                            } else if (ref.startsWith("tag")) {
                                r.setTag("v1");
                            } else if (ref.startsWith("commit")) {
                                r.setDigest("sha256:" + "a".repeat(64));
                            }
                            o.setRepositoryRef(r);
                            o.setUseWorkloadIdentity(flag);
                            if (flag) {
                                o.setServiceAccountName("oci-reader");
                            }
                            LayerSelector layer = new LayerSelector();
                            layer.setMediaType("application/vnd.cncf.flux.content.v1.tar+gzip");
                            layer.setOperation(flag ? "extract" : "copy");
                            o.setLayerSelector(layer);
                            spec.setOciRepository(o);
                        }
                    }
                    List<KustomizationDefinition> ks = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                        KustomizationDefinition k = new KustomizationDefinition("k" + i, i == 0 ? "" : "./apps/" + i);
                        k.setTimeoutInSeconds(t3);
                        k.setSyncIntervalInSeconds(t1);
                        k.setRetryIntervalInSeconds(flag ? t2 : null);
                        k.setPrune(flag);
                        k.setForce(!flag);
                        k.setWait(flag);
                        if (i > 0) {
                            k.setDependsOn(new ArrayList<>(List.of("k" + (i - 1))));
                        }
                        if (i == 1) {
                            PostBuildDefinition pb = new PostBuildDefinition();
                            pb.setSubstitute(Map.of("cluster_env", "prod"));
                            SubstituteFromDefinition from = new SubstituteFromDefinition();
                            from.setKind("ConfigMap");
                            from.setName("vars");
                            from.setOptional(flag);
                            pb.setSubstituteFrom(List.of(from));
                            k.setPostBuild(pb);
                        }
                        ks.add(k);
                    }
                    spec.setKustomizations(ks);
                    return c;
                });
    }
}
