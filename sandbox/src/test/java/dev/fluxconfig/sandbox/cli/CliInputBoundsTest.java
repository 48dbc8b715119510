package dev.fluxconfig.sandbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.fluxconfig.sandbox.emulator.DataPlaneEmulator;

import picocli.CommandLine;

/** The CLI refuses what the agent and the controller would refuse, before sending anything, and never quotes a password. */
class CliInputBoundsTest {

    static final String CLUSTER = DataPlaneEmulator.clusterPath("sub-1", "rg-1", "Microsoft.Kubernetes", "connectedClusters",
            "sandbox");
    static DataPlaneEmulator emulator;
    static Path work;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        emulator = new DataPlaneEmulator(DataPlaneEmulator.Options.defaults().withStateDir(dir.resolve("emulator"))).start();
        work = dir.resolve("work");
        new SandboxState(emulator.dataPlaneUrl() + "/admin", CLUSTER, "unused").write(work);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    record Run(int exit, String out, String err) {
    }

    static synchronized Run flux(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--work-dir", work.toString()));
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = new CommandLine(new FluxCommand()).execute(all.toArray(String[]::new));
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    static final String PASSWORD = "cli-pa55word";

    @Test
    void aUrlWithCredentialsIsRefusedPointingAtTheSettings() {
        Run r = flux("create", "-n", "with-password", "--namespace", "cfg", "-u",
                "https://user:" + PASSWORD + "@example.com/repo", "--branch", "main", "--kustomization", "name=infra",
                "path=./infrastructure");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("gitRepository.url: must not carry credentials").contains("httpsUser")
                .contains("httpsKey");
        assertThat(r.out() + r.err()).doesNotContain(PASSWORD);
        assertThat(emulator.configurations(CLUSTER)).noneMatch(c -> c.path("name").asText().equals("with-password"));
    }

    @Test
    void aPathOutOfTheSourceIsRefused() {
        Run r = flux("create", "-n", "escape", "--namespace", "cfg", "-u", "https://example.com/repo", "--branch", "main",
                "--kustomization", "name=infra", "path=../../etc");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("kustomizations[infra].path: must not contain a '..' segment");
    }
}
