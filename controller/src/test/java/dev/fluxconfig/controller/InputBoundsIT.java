package dev.fluxconfig.controller;

import static dev.fluxconfig.controller.ControllerTestSupport.*;
import static dev.fluxconfig.model.FluxConfigConstants.LABEL_NAME;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.spec.KustomizationDefinition;
import dev.fluxconfig.model.v1alpha1.status.ProvisioningState;
import dev.fluxconfig.testing.TestConfigs;

/**
 * One configuration cannot stop the others: an Error in its handling ends as its own Failed status and its deletion
 * still completes; two configurations that would generate one Kustomization name are both refused, each naming the
 * other, and both recover when one is renamed.
 */
@QuarkusTest
@QuarkusTestResource(value = RealKubeTestResource.class, restrictToAnnotatedClass = false)
class InputBoundsIT {

    @Inject
    KubernetesClient client;
    @Inject
    ControllerConfig config;
    @Inject
    MeterRegistry registry;

    /** The real applier, except that it overflows the stack for every object of configuration {@code boom}. */
    class OverflowingApplier extends ChildApplier {
        OverflowingApplier() {
            super(client, config, registry);
        }

        @Override
        public <R extends HasMetadata> R apply(R desired, R actual, String fieldManager) {
            if (desired.getMetadata().getLabels() != null && "boom".equals(desired.getMetadata().getLabels().get(LABEL_NAME))) {
                throw new StackOverflowError();
            }
            return super.apply(desired, actual, fieldManager);
        }
    }

    static boolean failed(FluxConfig c) {
        return c.getStatus() != null && c.getStatus().getProvisioningState() == ProvisioningState.FAILED;
    }

    static boolean succeeded(FluxConfig c) {
        return c.getStatus() != null && c.getStatus().getProvisioningState() == ProvisioningState.SUCCEEDED;
    }

    @Test
    void anErrorInOneConfigurationFailsOnlyThatOneAndItsDeletionCompletes() {
        QuarkusMock.installMockForType(new OverflowingApplier(), ChildApplier.class);
        String ns = namespace(client, "overflow");
        client.resource(TestConfigs.tutorial("boom", ns)).create();
        client.resource(TestConfigs.tutorial("fine", ns)).create();

        FluxConfig boom = awaitConfig(client, ns, "boom", InputBoundsIT::failed);
        assertThat(boom.getStatus().getErrorMessage()).contains("StackOverflowError").doesNotContain("at dev.");
        assertThat(boom.getStatus().getConditions().get(0).getReason()).isEqualTo("InternalError");
        awaitConfig(client, ns, "fine", InputBoundsIT::succeeded);
        assertThat(client.resources(GitRepository.class).inNamespace(ns).withName("fine").get()).isNotNull();
        // the failing one is retried on its next change, and handled the same way
        edit(client, FluxConfig.class, ns, "boom", c -> {
            c.getSpec().setSuspend(true);
            return c;
        });
        awaitConfig(client, ns, "boom", c -> failed(c) && c.getStatus().getObservedGeneration() == 2L);

        client.resources(FluxConfig.class).inNamespace(ns).withName("boom").delete();
        awaitValue(() -> get(client, ns, "boom") == null, gone -> gone, client, ns, Duration.ofSeconds(60));
        client.resources(FluxConfig.class).inNamespace(ns).withName("fine").delete();
        awaitValue(() -> get(client, ns, "fine") == null, gone -> gone, client, ns, Duration.ofSeconds(60));
    }

    @Test
    void aChainOfTwoThousandDependenciesIsRefusedAtTheDoor() {
        String ns = namespace(client, "chain");
        FluxConfig chain = TestConfigs.tutorial("chain", ns);
        List<KustomizationDefinition> list = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            KustomizationDefinition k = new KustomizationDefinition("k" + i, "./k");
            k.setDependsOn(i == 0 ? new ArrayList<>() : new ArrayList<>(List.of("k" + (i - 1))));
            list.add(k);
        }
        chain.getSpec().setKustomizations(list);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.resource(chain).create())
                .hasMessageContaining("spec.kustomizations").hasMessageContaining("should have at most 100 items");
    }

    @Test
    void aRefusedUrlIsShownOnlyAsSchemeAndHost() {
        String ns = namespace(client, "url");
        FluxConfig ftp = TestConfigs.tutorial("ftp", ns);
        ftp.getSpec().getGitRepository().setUrl("ftp://robot@example.com/private-path-123");
        client.resource(ftp).create();
        FluxConfig user = TestConfigs.tutorial("user", ns);
        user.getSpec().getGitRepository().setUrl("https://someone@example.com/private-path-123");
        client.resource(user).create();

        FluxConfig failedFtp = awaitConfig(client, ns, "ftp", InputBoundsIT::failed);
        assertThat(failedFtp.getStatus().getErrorMessage()).contains("'ftp://example.com' must start with");
        assertThat(failedFtp.getStatus().getUrl()).isEqualTo("ftp://example.com");
        FluxConfig failedUser = awaitConfig(client, ns, "user", InputBoundsIT::failed);
        assertThat(failedUser.getStatus().getErrorMessage()).contains("must not carry credentials").contains("httpsUser");
        assertThat(failedUser.getStatus().getUrl()).isEqualTo("https://example.com");
        awaitValue(() -> client.v1().events().inNamespace(ns).list().getItems(), events -> events.size() >= 2, client, ns,
                Duration.ofSeconds(30));
        assertThat(io.fabric8.kubernetes.client.utils.Serialization.asJson(List.of(failedFtp.getStatus(),
                failedUser.getStatus(), client.v1().events().inNamespace(ns).list().getItems())))
                .doesNotContain("private-path-123").doesNotContain("robot").doesNotContain("someone");
    }

    static FluxConfig withKustomizations(String name, String ns, String... kustomizations) {
        FluxConfig c = TestConfigs.tutorial(name, ns);
        List<KustomizationDefinition> list = new ArrayList<>();
        for (String k : kustomizations) {
            list.add(new KustomizationDefinition(k, "./" + k));
        }
        c.getSpec().setKustomizations(list);
        return c;
    }

    @Test
    void generatedNameCollisionsAreRefusedOnBothConfigurationsUntilOneIsRenamed() {
        String ns = namespace(client, "collide");
        client.resource(withKustomizations("b", ns, "c-d", "x")).create();
        awaitConfig(client, ns, "b", InputBoundsIT::succeeded);
        awaitValue(() -> client.resources(Kustomization.class).inNamespace(ns).withName("b-c-d").get(), k -> true, client,
                ns, Duration.ofSeconds(30));

        client.resource(withKustomizations("b-c", ns, "d")).create();
        FluxConfig first = awaitConfig(client, ns, "b", InputBoundsIT::failed);
        FluxConfig second = awaitConfig(client, ns, "b-c", InputBoundsIT::failed);
        assertThat(first.getStatus().getErrorMessage()).isEqualTo("kustomizations[c-d].name: the generated Kustomization "
                + "name 'b-c-d' is also generated by configuration 'b-c' (kustomization 'd') in this namespace; rename one "
                + "of them");
        assertThat(second.getStatus().getErrorMessage()).contains("configuration 'b' (kustomization 'c-d')");
        assertThat(first.getStatus().getConditions().get(0).getReason()).isEqualTo("NameCollision");
        awaitValue(() -> client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> "NameCollision".equals(e.getReason())).map(e -> e.getInvolvedObject().getName())
                .distinct().count(), n -> n == 2, client, ns, Duration.ofSeconds(30));
        // the Kustomization b-c-d stays b's: the newcomer takes nothing over
        assertThat(client.resources(Kustomization.class).inNamespace(ns).withName("b-c-d").get().getMetadata().getLabels())
                .containsEntry(LABEL_NAME, "b");

        edit(client, FluxConfig.class, ns, "b-c", c -> {
            c.getSpec().getKustomizations().get(0).setName("e");
            return c;
        });
        awaitConfig(client, ns, "b-c", InputBoundsIT::succeeded);
        awaitConfig(client, ns, "b", InputBoundsIT::succeeded);
        assertThat(client.resources(Kustomization.class).inNamespace(ns).withName("b-c-e").get()).isNotNull();
    }
}
