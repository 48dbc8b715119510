package dev.fluxconfig.sandbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.fluxconfig.sandbox.process.ChildProcess;

/** The packaged sandbox ({@code target/quarkus-app/quarkus-run.jar}) as a process, the way the sandbox's ITs run it. */
final class SandboxJar {

    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    private SandboxJar() {
    }

    /** Starts {@code java -jar <sandbox> <args> --work-dir <workDir>} with {@code env} added, its output in {@code log}. */
    static Process start(Path workDir, Path log, Map<String, String> env, String... args) {
        assertThat(JAR).as("the packaged sandbox").exists();
        List<String> cmd = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--work-dir", workDir.toString()));
        return ChildProcess.start(cmd, env, log);
    }

    /**
     * Runs the sandbox with {@code args} to its end and returns its output; fails with the output when it does not end
     * within {@code timeout} (it is killed then) or ends with an exit code other than 0.
     */
    static String runToEnd(Path workDir, Path log, Duration timeout, String... args) throws Exception {
        Process p = start(workDir, log, Map.of(), args);
        boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        String out = Files.readString(log);
        if (!finished) {
            ChildProcess.kill(p);
        }
        assertThat(finished).as("%s finished; output:\n%s", String.join(" ", args), out).isTrue();
        assertThat(p.exitValue()).as("exit code; output:\n%s", out).isZero();
        return out;
    }

    /** Stops a sandbox started by a test: SIGTERM (it stops what it started), SIGKILL after {@code grace}. */
    static void stop(Process p, Duration grace) {
        if (p != null) {
            ChildProcess.stop(p, grace);
        }
    }

    /**
     * What the tutorial shows a person, whatever API server it ran on: the configuration Compliant and reported to the
     * cloud, the {@code flux show} JSON as the cloud sees it, and the kubectl-style tables of FluxConfigs,
     * Kustomizations and the inventory's HelmReleases.
     */
    static void assertTutorialShown(String out) {
        assertThat(out).contains("cluster-config is Compliant").contains("reported to the cloud Succeeded/Compliant");
        assertThat(out).contains("\"complianceState\" : \"Compliant\"").contains("\"sourceSyncedCommitId\" : \"main@sha1:")
                .contains("\"kind\" : \"HelmRelease\"");
        assertThat(out).containsPattern("cluster-config\\s+cluster-config\\s+cluster\\s+https://github.com/Azure/"
                + "gitops-flux2-kustomize-helm-mt\\s+Succeeded\\s+Compliant");
        assertThat(out).containsPattern("cluster-config-infra\\s+\\S+\\s+True\\s+Applied revision");
        assertThat(out).containsPattern("cluster-config-apps\\s+\\S+\\s+True\\s+Applied revision");
        for (String release : List.of("nginx", "podinfo", "redis")) {
            assertThat(out).containsPattern("\\n\\S+\\s+" + release + "\\s+\\S+\\s+True\\s+Helm install succeeded");
        }
    }
}
