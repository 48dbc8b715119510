package dev.fluxconfig.agent;

import static dev.fluxconfig.model.FluxConfigConstants.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fluxconfig.agent.testing.EmulatorResource;
import dev.fluxconfig.agent.testing.InjectEmulator;
import dev.fluxconfig.agent.testing.RealKubeResource;
import dev.fluxconfig.model.dataplane.DesiredConfiguration;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.spec.KustomizationDefinition;
import dev.fluxconfig.sandbox.emulator.DataPlaneEmulator;
import dev.fluxconfig.testing.RealKubeServer;
import dev.fluxconfig.testing.TestConfigs;

/**
 * The agent never takes over what it did not write (a protected Secret or a FluxConfig someone else made under the
 * configuration's name): it reports the conflict to the cloud and as an Event and leaves the object alone; and it writes
 * a configuration's Secret before its FluxConfig. On the real API server.
 */
@QuarkusTest
@WithTestResource(RealKubeResource.class)
@WithTestResource(EmulatorResource.class)
class AgentOwnershipIT {

    static final String NS = "agentown-" + UUID.randomUUID().toString().substring(0, 6);
    static final String HTTPS_KEY = Base64.getEncoder().encodeToString("own-pat-value-42".getBytes());
    static final ObjectMapper JSON = new ObjectMapper();

    @InjectEmulator
    DataPlaneEmulator emulator;

    final KubernetesClient kube = RealKubeServer.get().client();

    @BeforeAll
    static void namespace() {
        RealKubeServer.get().client().namespaces()
                .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    }

    @AfterAll
    static void cleanUp() {
        RealKubeServer.get().client().namespaces().withName(NS).delete();
    }

    static DesiredConfiguration config(String name, boolean withKey) throws Exception {
        return JSON.readValue("""
                {"name":"%s","operationId":"op-1","correlationId":"corr-%s","version":1,"properties":{"namespace":"%s",
                  "scope":"cluster","sourceKind":"GitRepository",
                  "gitRepository":{"url":"https://github.com/Azure/gitops-flux2-kustomize-helm-mt",%s
                    "repositoryRef":{"branch":"main"}},
                  "kustomizations":{"infra":{"path":"./infrastructure","prune":true}}%s}}
                """.formatted(name, name, NS, withKey ? "\"httpsUser\":\"git-user\"," : "",
                withKey ? ",\"configurationProtectedSettings\":{\"httpsKey\":\"" + HTTPS_KEY + "\"}" : ""),
                DesiredConfiguration.class);
    }

    FluxConfig cr(String name) {
        return kube.resources(FluxConfig.class).inNamespace(NS).withName(name).get();
    }

    Secret secret(String config) {
        return kube.secrets().inNamespace(NS).withName(protectedSettingsSecretName(config)).get();
    }

    JsonNode lastPost(String config) {
        List<JsonNode> posts = emulator.journal().statusPosts(config);
        return posts.isEmpty() ? null : posts.get(posts.size() - 1);
    }

    boolean warned(String involvedKind, String involvedName) {
        return kube.v1().events().inNamespace(NS).list().getItems().stream()
                .anyMatch(e -> "Warning".equals(e.getType()) && "OwnershipConflict".equals(e.getReason())
                        && involvedKind.equals(e.getInvolvedObject().getKind())
                        && involvedName.equals(e.getInvolvedObject().getName()));
    }

    @Test
    void aSecretSomeoneElseMadeIsLeftAloneAndReportedUntilItIsGone() throws Exception {
        String name = "own-secret";
        Secret foreign = kube.resource(new SecretBuilder().withNewMetadata().withName(protectedSettingsSecretName(name))
                .withNamespace(NS).addToLabels("team", "theirs").endMetadata()
                .addToData("token", Base64.getEncoder().encodeToString("theirs".getBytes())).build()).create();
        emulator.configurations(EmulatorResource.CLUSTER_PATH, List.of(config(name, true)));

        await().atMost(Duration.ofSeconds(45)).until(() -> lastPost(name) != null && warned("Secret", foreign.getMetadata()
                .getName()));
        JsonNode post = lastPost(name);
        assertThat(post.path("provisioningState").asText()).isEqualTo("Failed");
        assertThat(post.path("errorMessage").asText())
                .contains("Secret " + NS + "/" + protectedSettingsSecretName(name) + " exists and was not written by the agent")
                .doesNotContain(HTTPS_KEY);
        Secret after = secret(name);
        assertThat(after.getMetadata().getResourceVersion()).as("not written").isEqualTo(
                foreign.getMetadata().getResourceVersion());
        assertThat(after.getMetadata().getOwnerReferences()).isNullOrEmpty();
        assertThat(after.getData()).containsOnlyKeys("token");
        assertThat(cr(name)).as("nothing of the configuration is applied").isNull();

        // its owner removes it: the agent applies the configuration, with the settings the cloud sent once
        kube.resource(foreign).delete();
        await().atMost(Duration.ofSeconds(45)).until(() -> cr(name) != null && secret(name) != null
                && secret(name).getMetadata().getOwnerReferences() != null
                && !secret(name).getMetadata().getOwnerReferences().isEmpty());
        Secret ours = secret(name);
        assertThat(new String(Base64.getDecoder().decode(ours.getData().get(PS_HTTPS_KEY)), StandardCharsets.UTF_8))
                .isEqualTo(HTTPS_KEY);
        assertThat(ours.getMetadata().getLabels()).containsEntry(LABEL_MANAGED_BY, MANAGED_BY_AGENT)
                .containsEntry(LABEL_NAME, name);
        assertThat(ours.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(cr(name).getMetadata().getUid()));
        emulator.configurations(EmulatorResource.CLUSTER_PATH, List.of());
    }

    @Test
    void aFluxConfigSomeoneElseMadeIsNeitherMergedIntoNorDeleted() throws Exception {
        String name = "own-config";
        FluxConfig handMade = TestConfigs.tutorial(name, NS);
        handMade.getSpec().getKustomizations().add(new KustomizationDefinition("extra", "./extra"));
        handMade = kube.resource(handMade).create();
        emulator.configurations(EmulatorResource.CLUSTER_PATH, List.of(config(name, false)));

        await().atMost(Duration.ofSeconds(45)).until(() -> lastPost(name) != null && warned("FluxConfig", name));
        assertThat(lastPost(name).path("provisioningState").asText()).isEqualTo("Failed");
        assertThat(lastPost(name).path("errorMessage").asText())
                .contains("FluxConfig " + NS + "/" + name + " exists and was not written by the agent");
        FluxConfig after = cr(name);
        assertThat(after.getMetadata().getResourceVersion()).isEqualTo(handMade.getMetadata().getResourceVersion());
        assertThat(after.getMetadata().getLabels()).doesNotContainKey(LABEL_MANAGED_BY);
        assertThat(after.getSpec().getKustomizations()).extracting(KustomizationDefinition::getName)
                .containsExactly("infra", "apps", "extra");

        // the cloud drops the configuration: the hand-made FluxConfig is not the agent's to delete
        emulator.configurations(EmulatorResource.CLUSTER_PATH, List.of());
        long polls = emulator.journal().goodPolls();
        await().atMost(Duration.ofSeconds(30)).until(() -> emulator.journal().goodPolls() >= polls + 5);
        assertThat(cr(name)).isNotNull();
        assertThat(cr(name).getMetadata().getResourceVersion()).isEqualTo(handMade.getMetadata().getResourceVersion());
    }

    @Test
    void theSecretIsWrittenBeforeItsFluxConfigAndOnlyASecretThatExistsIsNamed() throws Exception {
        String name = "own-order";
        String plain = "own-plain";
        List<String> created = Collections.synchronizedList(new ArrayList<>());
        Watcher<Secret> secrets = recorder(created, "Secret");
        Watcher<FluxConfig> configs = recorder(created, "FluxConfig");
        try (Watch w1 = kube.secrets().inNamespace(NS).watch(secrets);
                Watch w2 = kube.resources(FluxConfig.class).inNamespace(NS).watch(configs)) {
            emulator.configurations(EmulatorResource.CLUSTER_PATH, List.of(config(name, true), config(plain, false)));
            await().atMost(Duration.ofSeconds(45)).until(() -> cr(name) != null && cr(plain) != null && secret(name) != null
                    && secret(name).getMetadata().getOwnerReferences() != null);
            await().atMost(Duration.ofSeconds(10)).until(() -> List.copyOf(created).stream()
                    .filter(e -> e.startsWith("Secret/" + protectedSettingsSecretName(name) + "@")
                            || e.startsWith("FluxConfig/" + name + "@"))
                    .count() == 2);
        }
        List<String> events = List.copyOf(created);
        // resource versions of creation are the API server's order of events
        long secretCreated = events.stream().filter(s -> s.startsWith("Secret/" + protectedSettingsSecretName(name) + "@"))
                .mapToLong(AgentOwnershipIT::version).findFirst().orElseThrow();
        long configCreated = events.stream().filter(s -> s.startsWith("FluxConfig/" + name + "@"))
                .mapToLong(AgentOwnershipIT::version).findFirst().orElseThrow();
        assertThat(secretCreated).as("Secret created before its FluxConfig: %s", events).isLessThan(configCreated);
        assertThat(cr(name).getSpec().getProtectedSettingsSecretRef().getName()).isEqualTo(protectedSettingsSecretName(name));
        // without protected settings no Secret is named, so the controller has none to wait for
        assertThat(cr(plain).getSpec().getProtectedSettingsSecretRef()).isNull();
        assertThat(secret(plain)).isNull();

        // nothing left behind: the Secret goes with its FluxConfig
        emulator.configurations(EmulatorResource.CLUSTER_PATH, List.of());
        await().atMost(Duration.ofSeconds(60)).until(() -> cr(name) == null && secret(name) == null && cr(plain) == null);
    }

    static long version(String event) {
        return Long.parseLong(event.substring(event.indexOf('@') + 1));
    }

    static <T extends io.fabric8.kubernetes.api.model.HasMetadata> Watcher<T> recorder(List<String> created, String kind) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, T resource) {
                if (action == Action.ADDED) {
                    created.add(kind + "/" + resource.getMetadata().getName() + "@"
                            + resource.getMetadata().getResourceVersion());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        };
    }
}
