package dev.fluxconfig.sandbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fluxconfig.sandbox.cli.FluxCli.Run;

/**
 * The {@code flux} subcommands end to end against an in-process data-plane emulator (no cluster needed): what they store,
 * print and exit with.
 */
class FluxCommandTest extends WithFluxCli {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode stored(String name) {
        return emulator.configurations(CLUSTER).stream().filter(c -> name.equals(c.path("name").asText())).findFirst()
                .orElseThrow();
    }

    static void create(String name) {
        Run r = flux("create", "-n", name, "--namespace", "cfg", "-u", "https://example.com/repo", "--branch", "main",
                "--kustomization", "name=infra", "path=./infrastructure", "prune=true", "--kustomization", "name=apps",
                "path=./apps/staging", "prune=true", "dependsOn=[infra]");
        assertThat(r.exit()).as(r.err()).isZero();
    }

    @Test
    void kustomizationUpdateChangesOnlyWhatIsGiven() throws Exception {
        create("k-update");
        Run r = flux("kustomization", "update", "-g", "rg", "-c", "cluster", "-t", "connectedClusters", "-n", "k-update",
                "-k", "apps", "--path", "./apps/production", "--depends-on", "", "--interval", "2m", "--no-wait");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode apps = stored("k-update").path("properties").path("kustomizations").path("apps");
        assertThat(apps.path("path").asText()).isEqualTo("./apps/production");
        assertThat(apps.path("dependsOn")).isEmpty();
        assertThat(apps.path("syncIntervalInSeconds").asLong()).isEqualTo(120);
        assertThat(apps.path("prune").asBoolean()).isTrue();
        assertThat(JSON.readTree(r.out()).path("properties").path("kustomizations").path("apps").path("path").asText())
                .isEqualTo("./apps/production");

        Run missing = flux("kustomization", "update", "-n", "k-update", "-k", "nope", "--path", "./x");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("error: kustomizations[nope]: no such kustomization in 'k-update'");

        long version = stored("k-update").path("version").asLong();
        Run cycle = flux("kustomization", "update", "-n", "k-update", "-k", "infra", "--depends-on", "[infra]");
        assertThat(cycle.exit()).isEqualTo(2);
        assertThat(cycle.err()).contains("error: kustomizations[infra].dependsOn:");
        Run badDuration = flux("kustomization", "update", "-n", "k-update", "-k", "infra", "--timeout", "1d");
        assertThat(badDuration.exit()).isEqualTo(2);
        assertThat(badDuration.err()).contains("error: --timeout:");
        assertThat(stored("k-update").path("version").asLong()).as("nothing sent when refused").isEqualTo(version);

        Run noConfig = flux("kustomization", "update", "-n", "nothing-here", "-k", "apps", "--path", "./x");
        assertThat(noConfig.exit()).isEqualTo(2);
        assertThat(noConfig.err()).contains("no flux configuration 'nothing-here'");
    }

    @Test
    void updateSendsSecretsOnlyAsProtectedSettingsAndNeverPrintsThem() throws Exception {
        create("secrets");
        Run r = flux("update", "-n", "secrets", "--tag", "v1", "--https-user", "me", "--https-key", "TOP-SECRET-PAT", "-y");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out() + r.err()).doesNotContain("TOP-SECRET-PAT")
                .doesNotContain(ConfigurationBuilder.b64("TOP-SECRET-PAT"))
                .doesNotContain("configurationProtectedSettings");
        JsonNode git = stored("secrets").path("properties").path("gitRepository");
        assertThat(git.path("repositoryRef").path("tag").asText()).isEqualTo("v1");
        assertThat(git.path("repositoryRef").has("branch")).isFalse();
        assertThat(git.path("httpsUser").asText()).isEqualTo("me");
        assertThat(stored("secrets").toString()).as("the stored body holds no secret").doesNotContain(
                ConfigurationBuilder.b64("TOP-SECRET-PAT"));
        assertThat(emulator.protectedSettingsPending(CLUSTER, "secrets")).as("kept for the agent").isTrue();

        Run blob = flux("update", "-n", "secrets", "--kind", "azblob", "-u", "https://acct.blob.core.windows.net",
                "--container-name", "configs", "--account-key", "BLOB-ACCOUNT-KEY");
        assertThat(blob.exit()).as(blob.err()).isZero();
        assertThat(blob.err()).contains("warning: changing the source kind from GitRepository to AzureBlob");
        assertThat(blob.out()).doesNotContain("BLOB-ACCOUNT-KEY").contains("\"containerName\" : \"configs\"");
        assertThat(flux("show", "-n", "secrets").out()).doesNotContain("BLOB-ACCOUNT-KEY");
        assertThat(stored("secrets").path("properties").has("gitRepository")).isFalse();
    }

    @Test
    void updateRefusesWithExitCode2AndSendsNothing() throws Exception {
        create("refused");
        long version = stored("refused").path("version").asLong();
        Run both = flux("update", "-n", "refused", "--branch", "dev", "--tag", "v1");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("--branch, --tag: give one ref; they are mutually exclusive");
        Run url = flux("update", "-n", "refused", "-u", "ftp://example.com/r");
        assertThat(url.exit()).isEqualTo(2);
        assertThat(url.err()).contains("error: gitRepository.url: 'ftp://example.com' must start with");
        Run none = flux("update", "-n", "missing", "--suspend");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("no flux configuration 'missing'");
        assertThat(stored("refused").path("version").asLong()).isEqualTo(version);

        Run suspend = flux("update", "-n", "refused", "--suspend");
        assertThat(suspend.exit()).isZero();
        assertThat(stored("refused").path("properties").path("suspend").asBoolean()).isTrue();
        assertThat(flux("update", "-n", "refused", "--no-suspend").exit()).isZero();
        assertThat(stored("refused").path("properties").path("suspend").asBoolean()).isFalse();
    }

    @Test
    void deployedObjectsNeedAReportedStatus() {
        create("no-status");
        for (String[] args : List.of(new String[]{"deployed-object", "list", "-n", "no-status"},
                new String[]{"deployed-object", "show", "-n", "no-status", "--object-name", "x", "--object-namespace", "cfg",
                        "--object-kind", "Kustomization"})) {
            Run r = flux(args);
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("error: name: no status reported for 'no-status' yet");
        }
    }
}
