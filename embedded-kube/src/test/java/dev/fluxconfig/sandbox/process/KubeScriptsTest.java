package dev.fluxconfig.sandbox.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeScriptsTest {

    @TempDir
    Path dir;

    private Path clone(String startScript) throws IOException {
        Path kube = Files.createDirectories(dir.resolve("clone/" + KubeScripts.DIR));
        Path start = Files.writeString(kube.resolve("start.sh"), startScript);
        Files.setPosixFilePermissions(start, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir.resolve("clone");
    }

    @Test
    void findsTheScriptsFromADirectoryUpward() throws IOException {
        Path root = clone("#!/bin/bash\n");
        Path deep = Files.createDirectories(root.resolve("sandbox/target/work"));

        assertThat(KubeScripts.find(deep)).hasValueSatisfying(s -> assertThat(s.root()).isEqualTo(root));
        assertThat(KubeScripts.locate(root).script("stop.sh")).isEqualTo(root.resolve("integration-tests/kube/stop.sh"));
        assertThat(KubeScripts.under(root)).isPresent();
        assertThat(KubeScripts.under(deep)).isEmpty();
    }

    @Test
    void noExecutableStartScriptIsNoScripts() throws IOException {
        Path root = clone("#!/bin/bash\n");
        Files.setPosixFilePermissions(root.resolve(KubeScripts.DIR + "/start.sh"),
                PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(KubeScripts.find(root.resolve(KubeScripts.DIR))).isEmpty();
        assertThatThrownBy(() -> KubeScripts.locate(root.resolve(KubeScripts.DIR)))
                .hasMessage("integration-tests/kube/start.sh not found above " + root.resolve(KubeScripts.DIR));
    }

    @Test
    void theKubeconfigIsTheLastLineOfStdout() throws IOException {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\n");
        String out = "building nothing\n" + kubeconfig + "  \n\n";

        assertThat(KubeScripts.kubeconfig(Path.of("/r/start.sh"), out, Path.of("/d/start.sh.log"))).isEqualTo(kubeconfig);
    }

    @Test
    void badOutputNamesTheScriptAndItsLog() {
        Path script = Path.of("/r/integration-tests/kube/start.sh");
        Path log = Path.of("/d/start.sh.log");

        assertThatThrownBy(() -> KubeScripts.kubeconfig(script, " \n", log))
                .hasMessage(script + " printed no kubeconfig path (its stdout is empty); see its log " + log);
        assertThatThrownBy(() -> KubeScripts.kubeconfig(script, "/tmp/kubeconfig\nready in 3 ms\n", log))
                .hasMessage(script + " printed \"ready in 3 ms\" on its last line where the kubeconfig's absolute path"
                        + " belongs; see its log " + log);
        assertThatThrownBy(() -> KubeScripts.kubeconfig(script, dir.resolve("gone") + "\n", log))
                .hasMessage(script + " printed the kubeconfig " + dir.resolve("gone") + ", which does not exist; see its log "
                        + log);
    }

    @Test
    void startRunsTheScriptOnItsDataDirAndFailsOnBadOutput() throws IOException {
        Path root = clone("#!/bin/bash\necho \"fresh=${FLUXCONFIG_KUBE_FRESH:-0} audit=$AUDIT\" >&2\n"
                + "echo \"$FLUXCONFIG_KUBE_DATA/kubeconfig\"\n");
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        KubeScripts scripts = KubeScripts.locate(root);

        assertThatThrownBy(() -> scripts.start(data, true, Map.of("AUDIT", "1"), Duration.ofSeconds(30)))
                .hasMessageContaining(root.resolve("integration-tests/kube/start.sh") + " printed the kubeconfig "
                        + data.resolve("kubeconfig") + ", which does not exist; see its log " + data.resolve("start.sh.log"));
        assertThat(data.resolve("start.sh.log")).hasContent("fresh=1 audit=1");

        Files.writeString(data.resolve("kubeconfig"), "apiVersion: v1\n");
        KubeScripts.Started started = scripts.start(data, false, Map.of("AUDIT", "0"), Duration.ofSeconds(30));
        assertThat(started.kubeconfig()).isEqualTo(data.resolve("kubeconfig"));
        assertThat(started.log()).hasContent("fresh=0 audit=0");
    }

    @Test
    void aFailingScriptNamesItselfItsDataDirAndItsLog() throws IOException {
        Path root = clone("#!/bin/bash\necho 'no etcd on the PATH' >&2\nexit 3\n");
        Path data = dir.resolve("data");

        assertThatThrownBy(() -> KubeScripts.locate(root).start(data, true, Map.of(), Duration.ofSeconds(30)))
                .hasMessageContaining(root.resolve("integration-tests/kube/start.sh") + " on data dir " + data + " (log "
                        + data.resolve("start.sh.log") + ")")
                .hasMessageContaining("exit 3")
                .hasMessageContaining("no etcd on the PATH");
    }

    @Test
    void pidsOfTheStartedProcessesFromTheirPidFiles() throws IOException {
        Files.writeString(KubeScripts.pidFile(dir, "etcd"), "123\n");
        Files.writeString(KubeScripts.pidFile(dir, "kube-apiserver"), "456");
        Files.writeString(KubeScripts.pidFile(dir, "kube-controller-manager"), "not a pid");

        assertThat(KubeScripts.pids(dir)).containsExactly(Map.entry("kube-apiserver", 456L), Map.entry("etcd", 123L));
    }
}
