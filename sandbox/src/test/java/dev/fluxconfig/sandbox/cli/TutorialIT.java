package dev.fluxconfig.sandbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.fluxconfig.testing.RealKubeServer;

/** The README's main command, {@code tutorial --once}, as a process: it ends Compliant and shows the tutorial's views. */
class TutorialIT {

    @Test
    void tutorialOnceEndsCompliantWithTheTutorialsViews() throws Exception {
        Path work = Files.createTempDirectory("tutorial");
        String out = SandboxJar.runToEnd(work, work.resolve("tutorial.out"), Duration.ofMinutes(6), "tutorial", "--once",
                "--timeout", "4m", "--kubeconfig", RealKubeServer.get().kubeconfig().toString());

        SandboxJar.assertTutorialShown(out);
        // everything it started is stopped again
        assertThat(out).contains("[flux-stand-in: test equipment] stopped");

        // the real Flux CRDs were installed, and the objects carry what Flux's schemas default and its controllers write
        KubernetesClient client = RealKubeServer.get().client();
        var crd = client.apiextensions().v1().customResourceDefinitions().withName("gitrepositories.source.toolkit.fluxcd.io")
                .get();
        assertThat(crd.getMetadata().getAnnotations()).containsKey("controller-gen.kubebuilder.io/version");
        assertThat(crd.getSpec().getVersions()).extracting(v -> v.getName()).contains("v1", "v1beta2");
        String ns = "cluster-config";
        GenericKubernetesResource git = client.genericKubernetesResources("source.toolkit.fluxcd.io/v1", "GitRepository")
                .inNamespace(ns).withName("cluster-config").get();
        Map<String, Object> artifact = nested(git.getAdditionalProperties(), "status", "artifact");
        assertThat((String) artifact.get("digest")).startsWith("sha256:");
        assertThat(artifact).containsKeys("path", "url", "size", "lastUpdateTime");
        GenericKubernetesResource apps = client.genericKubernetesResources("kustomize.toolkit.fluxcd.io/v1", "Kustomization")
                .inNamespace(ns).withName("cluster-config-apps").get();
        Map<String, Object> status = nested(apps.getAdditionalProperties(), "status");
        assertThat(status).containsKeys("lastAttemptedRevision", "lastAppliedRevision", "observedGeneration", "inventory");
        assertThat((List<?>) status.get("history")).isNotEmpty();
        GenericKubernetesResource nginx = client.genericKubernetesResources("helm.toolkit.fluxcd.io/v2", "HelmRelease")
                .inNamespace(ns).withName("nginx").get();
        assertThat(nested(nginx.getAdditionalProperties(), "spec", "chart", "spec")).containsEntry("reconcileStrategy",
                "ChartVersion");
        assertThat((List<?>) nested(nginx.getAdditionalProperties(), "status").get("history")).isNotEmpty();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> nested(Map<String, Object> object, String... path) {
        Map<String, Object> at = object;
        for (String key : path) {
            assertThat(at).as("has %s", key).containsKey(key);
            at = (Map<String, Object>) at.get(key);
        }
        return at;
    }

    @Test
    void invalidInputIsRefusedWithExitCode2BeforeAnythingIsSent() throws Exception {
        Path work = Files.createTempDirectory("cli");
        Path log = work.resolve("cli.out");
        Process p = SandboxJar.start(work, log, Map.of(), "flux", "create", "-n", "Bad_Name", "-u", "ftp://x/y", "--branch",
                "main",
                "--kustomization", "name=apps", "dependsOn=[infa]");
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String out = Files.readString(log);
        assertThat(p.exitValue()).as(out).isEqualTo(2);
        assertThat(out).contains("error: name: 'Bad_Name'").contains("error: gitRepository.url:")
                .contains("error: kustomizations[apps].dependsOn: 'infa' is not a kustomization of this configuration");
        assertThat(work.resolve("state.json")).as("no sandbox was needed to refuse it").doesNotExist();
    }
}
