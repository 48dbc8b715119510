package dev.fluxconfig.controller;

import static dev.fluxconfig.controller.ControllerTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.source.Bucket;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.flux.source.OCIRepository;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.spec.AzureBlobDefinition;
import dev.fluxconfig.model.v1alpha1.spec.BucketDefinition;
import dev.fluxconfig.model.v1alpha1.spec.OciRepositoryDefinition;
import dev.fluxconfig.model.v1alpha1.spec.SourceKind;
import dev.fluxconfig.model.v1alpha1.status.ComplianceState;
import dev.fluxconfig.sandbox.fluxstandin.FluxStandIn;
import dev.fluxconfig.testing.TestConfigs;

/** After convergence, resyncs (every 3 s in tests) write nothing: no write counted, no resourceVersion moves. */
@QuarkusTest
@QuarkusTestResource(value = RealKubeTestResource.class, restrictToAnnotatedClass = false)
class IdleIT {

    @Inject
    KubernetesClient client;

    @Inject
    MeterRegistry registry;

    double writes() {
        return registry.find("fluxconfig.controller.writes").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    Map<String, String> versions(String ns) {
        Map<String, String> rv = new TreeMap<>();
        rv.put("FluxConfig/cfg", get(client, ns, "cfg").getMetadata().getResourceVersion());
        rv.put("FluxConfig/other", get(client, ns, "other").getMetadata().getResourceVersion());
        client.resources(Kustomization.class).inNamespace(ns).list().getItems()
                .forEach(k -> rv.put("Kustomization/" + k.getMetadata().getName(), k.getMetadata().getResourceVersion()));
        client.resources(GitRepository.class).inNamespace(ns).list().getItems()
                .forEach(g -> rv.put("GitRepository/" + g.getMetadata().getName(), g.getMetadata().getResourceVersion()));
        client.secrets().inNamespace(ns).list().getItems()
                .forEach(s -> rv.put("Secret/" + s.getMetadata().getName(), s.getMetadata().getResourceVersion()));
        client.serviceAccounts().inNamespace(ns).list().getItems()
                .forEach(s -> rv.put("ServiceAccount/" + s.getMetadata().getName(), s.getMetadata().getResourceVersion()));
        return rv;
    }

    @Test
    void aConvergedConfigurationIsLeftAlone() {
        String ns = namespace(client, "idle");
        // two configurations in one namespace, each with its own applier ServiceAccount; the Flux stand-in plays Flux
        try (FluxStandIn flux = FluxStandIn.builder(client).namespaces(ns).start()) {
            for (String name : new String[]{"cfg", "other"}) {
                client.resource(elsewhere(TestConfigs.tutorial(name, ns))).create();
                awaitConfig(client, ns, name, c -> c.getStatus() != null && c.getStatus().getStatuses().size() == 3
                        && c.getStatus().getComplianceState() == ComplianceState.COMPLIANT);
            }
            assertLeftAlone(ns);
        }
    }

    /** The tutorial's shape with a repository that is not the tutorial's: the stand-in applies nothing but the Kustomizations. */
    static FluxConfig elsewhere(FluxConfig c) {
        c.getSpec().getGitRepository().setUrl("https://example.com/idle/" + c.getMetadata().getName());
        return c;
    }

    void assertLeftAlone(String ns) {
        assertThat(client.serviceAccounts().inNamespace(ns).list().getItems()).extracting(s -> s.getMetadata().getName())
                .contains("flux-applier-cfg", "flux-applier-other");
        // let in-flight events settle: two consecutive reads with the same versions and write count
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> new Object[]{versions(ns), writes()}, new java.util.function.Predicate<Object[]>() {
                    Object[] last;

                    @Override
                    public boolean test(Object[] now) {
                        boolean same = last != null && last[0].equals(now[0]) && last[1].equals(now[1]);
                        last = now;
                        return same;
                    }
                });

        Map<String, String> before = versions(ns);
        double writesBefore = writes();
        // at least two resync periods (3 s each in the test profile): nothing may change
        await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(12)).pollInterval(Duration.ofMillis(500))
                .until(() -> versions(ns).equals(before) && writes() == writesBefore);
        assertThat(versions(ns)).isEqualTo(before);
        assertThat(writes()).isEqualTo(writesBefore);
    }

    /**
     * Every configuration kind (GitRepository, Bucket, Azure Blob, OCIRepository), with source timeouts of two hours (once
     * written as {@code 2h0m0s}, which the real schema refuses, so the controller re-applied them every resync), all
     * Compliant with Flux-shaped statuses: resyncs write nothing.
     */
    @Test
    void everyConfigurationKindIsLeftAlone() {
        String ns = namespace(client, "idle-kinds");
        try (FluxStandIn flux = FluxStandIn.builder(client).namespaces(ns).start()) {
            FluxConfig git = elsewhere(TestConfigs.tutorial("git", ns));
            git.getSpec().getGitRepository().setTimeoutInSeconds(7200L);
            git.getSpec().getGitRepository().getRepositoryRef().setBranch(null);
            git.getSpec().getGitRepository().getRepositoryRef().setSemver(">=1.0.0 <2.0.0");
            FluxConfig bucket = TestConfigs.tutorial("bkt", ns);
            bucket.getSpec().setGitRepository(null);
            bucket.getSpec().setSourceKind(SourceKind.BUCKET);
            BucketDefinition b = new BucketDefinition();
            b.setUrl("https://s3.example.com");
            b.setBucketName("manifests");
            b.setTimeoutInSeconds(7200L);
            b.setLocalAuthRef("bucket-credentials");
            bucket.getSpec().setBucket(b);
            FluxConfig blob = TestConfigs.tutorial("blob", ns);
            blob.getSpec().setGitRepository(null);
            blob.getSpec().setSourceKind(SourceKind.AZURE_BLOB);
            AzureBlobDefinition a = new AzureBlobDefinition();
            a.setUrl("https://account.blob.core.windows.net");
            a.setContainerName("manifests");
            a.setTimeoutInSeconds(7200L);
            blob.getSpec().setAzureBlob(a);
            FluxConfig oci = TestConfigs.tutorial("oci", ns);
            oci.getSpec().setGitRepository(null);
            oci.getSpec().setSourceKind(SourceKind.OCI_REPOSITORY);
            OciRepositoryDefinition o = new OciRepositoryDefinition();
            o.setUrl("oci://ghcr.io/org/manifests");
            o.setTimeoutInSeconds(7200L);
            oci.getSpec().setOciRepository(o);
            for (FluxConfig c : List.of(git, bucket, blob, oci)) {
                client.resource(c).create();
            }
            for (String name : List.of("git", "bkt", "blob", "oci")) {
                awaitConfig(client, ns, name, c -> c.getStatus() != null
                        && c.getStatus().getComplianceState() == ComplianceState.COMPLIANT);
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> new Object[]{allVersions(ns), writes(),
                            flux.stats().statusWrites() + flux.stats().objectWrites()},
                            new java.util.function.Predicate<Object[]>() {
                                Object[] last;

                                @Override
                                public boolean test(Object[] now) {
                                    boolean same = last != null && java.util.Arrays.equals(last, now);
                                    last = now;
                                    return same;
                                }
                            });
            Map<String, String> before = allVersions(ns);
            double writesBefore = writes();
            await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(12)).pollInterval(Duration.ofMillis(500))
                    .until(() -> allVersions(ns).equals(before) && writes() == writesBefore);
            assertThat(allVersions(ns)).isEqualTo(before);
            assertThat(writes()).isEqualTo(writesBefore);
        }
    }

    Map<String, String> allVersions(String ns) {
        Map<String, String> rv = new TreeMap<>();
        List<Class<? extends HasMetadata>> kinds = new ArrayList<>(List.of(FluxConfig.class));
        kinds.addAll(ChildKind.fluxTypes());
        for (Class<? extends HasMetadata> kind : kinds) {
            client.resources(kind).inNamespace(ns).list().getItems().forEach(
                    o -> rv.put(kind.getSimpleName() + "/" + o.getMetadata().getName(), o.getMetadata().getResourceVersion()));
        }
        client.secrets().inNamespace(ns).list().getItems()
                .forEach(s -> rv.put("Secret/" + s.getMetadata().getName(), s.getMetadata().getResourceVersion()));
        return rv;
    }
}
