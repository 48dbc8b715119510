package dev.fluxconfig.sandbox.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which API server the tutorial picks: the real one only when build.sh's cache and tools are there. */
class KubeBackendTest {

    @TempDir
    Path dir;

    @Test
    void theLocalServerNeedsTheProjectsClone() {
        assertThatThrownBy(() -> KubeBackend.startLocal(dir, dir.resolve("kube"), m -> {
        })).hasMessage("no integration-tests/kube/start.sh under " + dir
                + ": run the sandbox from the project's clone, or give --kubeconfig for an existing cluster");
        assertThat(dir.resolve("kube")).doesNotExist();
    }

    @Test
    void theRealServerIsMissingWithoutItsCachedBinaries() {
        assertThat(KubeBackend.realServerMissing(Map.of("FLUXCONFIG_KUBE_CACHE", dir.toString(), "PATH", "")))
                .hasValue("no " + dir.resolve("1.20.2/bin/kube-apiserver"));
    }

    @Test
    void theRealServerIsUsableWithItsBinariesAndTools() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("1.20.2/bin"));
        Path tools = Files.createDirectories(dir.resolve("tools"));
        for (Path p : new Path[]{bin.resolve("kube-apiserver"), bin.resolve("kube-controller-manager"), tools.resolve("etcd"),
                tools.resolve("openssl")}) {
            Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        Map<String, String> env = Map.of("FLUXCONFIG_KUBE_CACHE", dir.toString(), "PATH", tools.toString());
        assertThat(KubeBackend.realServerMissing(env)).hasValue("no curl on the PATH");

        Files.createFile(tools.resolve("curl"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        assertThat(KubeBackend.realServerMissing(env)).isEmpty();
    }
}
