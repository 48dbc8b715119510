package dev.fluxconfig.sandbox.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import dev.fluxconfig.model.v1alpha1.FluxConfig;

/**
 * The tutorial on the embedded API server, as a process: {@code tutorial --once --embedded} ends Compliant with the
 * tutorial's views; without the flag and without a built real server it falls back to the embedded one, says why, and
 * serves the CLI ({@code flux kustomization create}) while it runs.
 */
class TutorialEmbeddedIT {

    @Test
    void tutorialOnceEmbeddedEndsCompliantWithTheTutorialsViews() throws Exception {
        Path work = Files.createTempDirectory("tutorial-embedded");
        String out = SandboxJar.runToEnd(work, work.resolve("tutorial.out"), Duration.ofMinutes(6), "tutorial", "--once",
                "--embedded", "--timeout", "4m");

        assertThat(out).contains("using the embedded API server (--embedded)");
        // the FluxConfig CRD from shared-model and the real Flux CRDs from the stand-in's jar, both found in the packaged app
        assertThat(out).containsPattern("installing CRDs: .*fluxconfigs\\.clusterconfig\\.azure\\.com")
                .containsPattern("installing CRDs: .*gitrepositories\\.source\\.toolkit\\.fluxcd\\.io")
                .containsPattern("installing CRDs: .*helmreleases\\.helm\\.toolkit\\.fluxcd\\.io");
        assertThat(out).contains("kubeconfig: " + work.resolve("embedded-kube/kubeconfig"));
        SandboxJar.assertTutorialShown(out);
        // conflicts and not-founds are ordinary answers; these would mean a request the embedded API does not support
        assertThat(Files.readAllLines(work.resolve("embedded-kube/embedded-api.log")))
                .as("requests the embedded API refused as unsupported or failed on")
                .noneMatch(line -> line.matches(".* -> (400|405|415|422|5\\d\\d) .*"));
    }

    @Test
    void withoutTheRealServerItFallsBackToTheEmbeddedOneAndServesTheCli() throws Exception {
        Path work = Files.createTempDirectory("tutorial-fallback");
        Path emptyCache = Files.createDirectories(work.resolve("no-kube-cache"));
        Path log = work.resolve("tutorial.out");
        Process p = SandboxJar.start(work, log, Map.of("FLUXCONFIG_KUBE_CACHE", emptyCache.toString()), "tutorial", "--timeout",
                "4m");
        try {
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(
                    () -> !p.isAlive() || Files.readString(log).contains("Ctrl-C stops everything."));
            String out = Files.readString(log);
            assertThat(p.isAlive()).as("the sandbox stays up; output:\n%s", out).isTrue();
            assertThat(out).contains("using the embedded API server: the real one is not built (no "
                    + emptyCache.resolve("1.20.2/bin/kube-apiserver"));

            Path cliLog = work.resolve("cli.out");
            Process create = SandboxJar.start(work, cliLog, Map.of(), "flux", "kustomization", "create", "-n", "cluster-config",
                    "-k",
                    "extra", "--path", "./apps/production", "--prune");
            assertThat(create.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(create.exitValue()).as(Files.readString(cliLog)).isZero();

            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2))
                    .untilAsserted(() -> assertThat(complianceOf(work, "cluster-config-extra")).isEqualTo("Compliant"));
        } finally {
            SandboxJar.stop(p, Duration.ofSeconds(30));
        }
    }

    /** The compliance cluster-config's status gives one of its objects, read from the sandbox's API server. */
    static String complianceOf(Path work, String object) throws Exception {
        Path kubeconfig = work.resolve("embedded-kube/kubeconfig");
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString())).build()) {
            FluxConfig config = client.resources(FluxConfig.class).inNamespace("cluster-config").withName("cluster-config")
                    .get();
            return config.getStatus().getStatuses().stream().filter(s -> object.equals(s.getName()))
                    .map(s -> String.valueOf(s.getComplianceState())).findFirst().orElse("absent");
        }
    }
}
