package dev.fluxconfig.sandbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.fluxconfig.sandbox.cli.FluxCli.Run;

/** The CLI refuses what the agent and the controller would refuse, before sending anything, and never quotes a password. */
class CliInputBoundsTest extends WithFluxCli {

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
