package dev.fluxconfig.sandbox.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;

import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.testing.RealKubeServer;

/**
 * While the tutorial runs: the flux command line adds and changes a kustomization, moves the source to a tag, suspends,
 * and deletes, as a person would; each change is checked on the objects in the cluster.
 */
class TutorialCliIT {

    private Process sandbox;

    @AfterEach
    void stop() throws Exception {
        SandboxJar.stop(sandbox, Duration.ofSeconds(60));
    }

    static String cli(Path work, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", SandboxJar.JAR.toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--work-dir", work.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("%s -> %s", args, out).isZero();
        return out;
    }

    @Test
    void kustomizationCreateUpdateTagSuspendAndDeleteWhileTheSandboxRuns() throws Exception {
        Path work = Files.createTempDirectory("sandbox-cli");
        Path log = work.resolve("tutorial.out");
        sandbox = SandboxJar.start(work, log, Map.of(), "tutorial", "--timeout", "4m", "--kubeconfig",
                RealKubeServer.get().kubeconfig().toString());
        await().atMost(Duration.ofMinutes(5)).until(() -> Files.readString(log).contains("The sandbox is up")
                || !sandbox.isAlive());
        assertThat(sandbox.isAlive()).as(Files.readString(log)).isTrue();
        KubernetesClient client = RealKubeServer.get().client();

        cli(work, "flux", "kustomization", "create", "-n", "cluster-config", "-k", "extra", "--path", "./apps/production",
                "--prune", "--depends-on", "infra");
        await().atMost(Duration.ofMinutes(2)).until(() -> cli(work, "flux", "deployed-object", "list", "-n",
                "cluster-config", "-o", "table").lines()
                .anyMatch(l -> l.contains("cluster-config-extra") && l.contains("Compliant")));

        assertThat(cli(work, "flux", "kustomization", "show", "-n", "cluster-config", "-k", "extra"))
                .contains("\"path\" : \"./apps/production\"").contains("\"prune\" : true");
        assertThat(cli(work, "flux", "deployed-object", "show", "-n", "cluster-config", "--object-kind", "Kustomization",
                "--object-name", "cluster-config-extra", "--object-namespace", "cluster-config"))
                .contains("\"complianceState\" : \"Compliant\"");

        // kustomization update: a new path and dependsOn reach the generated Kustomization
        cli(work, "flux", "kustomization", "update", "-n", "cluster-config", "-k", "extra", "--path", "./apps/staging",
                "--depends-on", "apps");
        await().atMost(Duration.ofMinutes(2)).until(() -> {
            Kustomization k = client.resources(Kustomization.class).inNamespace("cluster-config")
                    .withName("cluster-config-extra").get();
            return k != null && "./apps/staging".equals(k.getSpec().getPath()) && k.getSpec().getDependsOn() != null
                    && k.getSpec().getDependsOn().stream().map(d -> d.getName()).toList()
                            .equals(List.of("cluster-config-apps"));
        });

        // update --tag: the GitRepository follows the tag instead of the branch
        cli(work, "flux", "update", "-n", "cluster-config", "--tag", "v1");
        await().atMost(Duration.ofMinutes(2)).until(() -> {
            GitRepository g = client.resources(GitRepository.class).inNamespace("cluster-config").withName("cluster-config")
                    .get();
            return g != null && g.getSpec().getRef() != null && "v1".equals(g.getSpec().getRef().getTag())
                    && g.getSpec().getRef().getBranch() == null;
        });

        cli(work, "flux", "update", "-n", "cluster-config", "--suspend");
        await().atMost(Duration.ofMinutes(2)).until(() -> cli(work, "flux", "show", "-n", "cluster-config", "-o", "table")
                .contains("Suspended"));
        assertThat(client.resources(Kustomization.class).inNamespace("cluster-config").list().getItems())
                .hasSize(3).allSatisfy(k -> assertThat(k.getSpec().getSuspend()).isTrue());

        cli(work, "flux", "delete", "-n", "cluster-config", "--yes");
        await().atMost(Duration.ofMinutes(2)).until(() -> client.resources(FluxConfig.class).inNamespace("cluster-config")
                .withName("cluster-config").get() == null
                && client.resources(GitRepository.class).inNamespace("cluster-config").list().getItems().isEmpty()
                && client.resources(Kustomization.class).inNamespace("cluster-config").list().getItems().isEmpty());
        assertThat(cli(work, "flux", "list", "-o", "table")).doesNotContain("cluster-config   cluster");
    }
}
