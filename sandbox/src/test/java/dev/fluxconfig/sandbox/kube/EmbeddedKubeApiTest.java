package dev.fluxconfig.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import dev.fluxconfig.model.FluxConfigConstants;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.FluxConfigStatus;
import dev.fluxconfig.model.v1alpha1.status.ComplianceState;
import dev.fluxconfig.sandbox.cli.KubeBackend;
import dev.fluxconfig.testing.TestConfigs;

/**
 * The embedded API through the fabric8 client, as the agent, the controller and the CLI use it: CRD install and
 * discovery, server-side apply, a status apply, an informer, finalizers and garbage collection.
 */
class EmbeddedKubeApiTest {

    static EmbeddedKubeApi api;
    static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        api = EmbeddedKubeApi.start(Files.createTempDirectory("embedded-kube"));
        client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(null, Files.readString(api.kubeconfig()), api.kubeconfig().toString()))
                .build();
        KubeBackend.installCrds(client);
    }

    @AfterAll
    static void stop() {
        client.close();
        api.close();
    }

    static String namespace(String prefix) {
        String ns = prefix + "-" + Long.toHexString(System.nanoTime());
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        return ns;
    }

    @Test
    void discoveryServesTheProjectsAndFluxKinds() {
        assertThat(client.getApiGroups().getGroups()).extracting(g -> g.getName()).contains(FluxConfigConstants.GROUP,
                "source.toolkit.fluxcd.io", "kustomize.toolkit.fluxcd.io", "helm.toolkit.fluxcd.io",
                "rbac.authorization.k8s.io");
        assertThat(client.getApiResources(FluxConfigConstants.GROUP + "/" + FluxConfigConstants.VERSION).getResources())
                .extracting(r -> r.getName()).contains("fluxconfigs", "fluxconfigs/status");
        assertThat(client.supports(FluxConfig.class)).isTrue();
    }

    @Test
    void anInformerSeesAppliesAndStatusAppliesAndTheFinalizerHoldsTheDeletion() throws Exception {
        String ns = namespace("informer");
        List<String> seen = new CopyOnWriteArrayList<>();
        SharedIndexInformer<FluxConfig> informer = client.resources(FluxConfig.class).inNamespace(ns)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(FluxConfig obj) {
                        seen.add("add " + obj.getMetadata().getGeneration());
                    }

                    @Override
                    public void onUpdate(FluxConfig oldObj, FluxConfig newObj) {
                        seen.add("update " + newObj.getMetadata().getGeneration()
                                + (newObj.getStatus() == null ? "" : " " + newObj.getStatus().getComplianceState()));
                    }

                    @Override
                    public void onDelete(FluxConfig obj, boolean deletedFinalStateUnknown) {
                        seen.add("delete");
                    }
                });
        try {
            FluxConfig applied = client.resource(TestConfigs.tutorial("cfg", ns)).fieldManager("agent").forceConflicts()
                    .serverSideApply();
            assertThat(applied.getMetadata().getGeneration()).isEqualTo(1);

            FluxConfig status = new FluxConfig();
            status.setMetadata(applied.getMetadata());
            status.getMetadata().setResourceVersion(null);
            status.setStatus(new FluxConfigStatus());
            status.getStatus().setComplianceState(ComplianceState.COMPLIANT);
            client.resource(status).subresource("status").patch(new PatchContext.Builder()
                    .withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager("ctl").withForce(true).build());

            client.resources(FluxConfig.class).inNamespace(ns).withName("cfg")
                    .edit(c -> {
                        c.getMetadata().setFinalizers(List.of(FluxConfigConstants.FINALIZER));
                        return c;
                    });
            client.resources(FluxConfig.class).inNamespace(ns).withName("cfg").delete();
            FluxConfig deleting = client.resources(FluxConfig.class).inNamespace(ns).withName("cfg").get();
            assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();
            assertThat(deleting.getStatus().getComplianceState()).isEqualTo(ComplianceState.COMPLIANT);

            client.resources(FluxConfig.class).inNamespace(ns).withName("cfg").edit(c -> {
                c.getMetadata().setFinalizers(List.of());
                return c;
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(seen).containsExactly("add 1",
                    "update 1 Compliant", "update 1 Compliant", "update 1 Compliant", "delete"));
            assertThat(client.resources(FluxConfig.class).inNamespace(ns).withName("cfg").get()).isNull();
        } finally {
            informer.close();
        }
    }

    @Test
    void aSecretOwnedByAConfigurationGoesWithIt() {
        String ns = namespace("gc");
        FluxConfig owner = client.resource(TestConfigs.tutorial("cfg", ns)).fieldManager("agent").forceConflicts()
                .serverSideApply();
        Secret secret = new SecretBuilder().withNewMetadata().withName("cfg-protected").withNamespace(ns)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(FluxConfigConstants.API_VERSION)
                        .withKind(FluxConfigConstants.KIND).withName("cfg").withUid(owner.getMetadata().getUid()).build())
                .endMetadata().withData(Map.of("k", "dg==")).build();
        client.resource(secret).fieldManager("agent").forceConflicts().serverSideApply();
        assertThat(client.secrets().inNamespace(ns).withName("cfg-protected").get().getData()).containsEntry("k", "dg==");

        client.resource(owner).delete();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(client.secrets().inNamespace(ns).withName("cfg-protected").get()).isNull());
    }

    @Test
    void theKubeconfigNamesALoopbackServer() throws Exception {
        assertThat(Files.readString(api.kubeconfig())).contains("server: http://127.0.0.1:");
        assertThat(api.url()).startsWith("http://127.0.0.1:");
        assertThat(Path.of(api.kubeconfig().toString())).exists();
    }
}
