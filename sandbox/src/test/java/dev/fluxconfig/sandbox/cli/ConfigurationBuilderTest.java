package dev.fluxconfig.sandbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.fluxconfig.model.dataplane.DesiredConfiguration;
import dev.fluxconfig.model.v1alpha1.spec.KustomizationDefinition;

import picocli.CommandLine;

/** The az-style flags and --kustomization parsing, and refusal with the shared validator's messages. */
class ConfigurationBuilderTest {

    static ConfigurationBuilder.Result create(String... args) {
        ConfigurationBuilder b = new ConfigurationBuilder();
        new CommandLine(b).parseArgs(args);
        return b.create("op-1");
    }

    @Test
    void theTutorialCommandLine() {
        ConfigurationBuilder.Result r = create("-n", "cluster-config", "--namespace", "cluster-config", "--scope", "cluster",
                "-u", "https://github.com/Azure/gitops-flux2-kustomize-helm-mt", "--branch", "main",
                "--kustomization", "name=infra", "path=./infrastructure", "prune=true",
                "--kustomization", "name=apps", "path=./apps/staging", "prune=true", "dependsOn=[\"infra\"]");
        assertThat(r.errors()).isEmpty();
        DesiredConfiguration d = r.configuration();
        assertThat(d.name()).isEqualTo("cluster-config");
        assertThat(d.properties().namespace()).isEqualTo("cluster-config");
        assertThat(d.properties().sourceKind()).isEqualTo("GitRepository");
        assertThat(d.properties().gitRepository().getRepositoryRef().getBranch()).isEqualTo("main");
        assertThat(d.properties().kustomizations()).containsOnlyKeys("infra", "apps");
        KustomizationDefinition apps = d.properties().kustomizations().get("apps");
        assertThat(apps.getPath()).isEqualTo("./apps/staging");
        assertThat(apps.getPrune()).isTrue();
        assertThat(apps.getDependsOn()).containsExactly("infra");
        assertThat(d.properties().kustomizations().get("infra").getDependsOn()).isEmpty();
    }

    @Test
    void aliasesDurationsAndHealthCheck() {
        KustomizationDefinition k = KustomizationArgs.parse(List.of("name=web", "depends_on=a,b", "sync_interval=1h2m5s",
                "retry_interval=30s", "timeout=5m", "disable-health-check=true", "force=true")).definition();
        assertThat(k.getDependsOn()).containsExactly("a", "b");
        assertThat(k.getSyncIntervalInSeconds()).isEqualTo(3725L);
        assertThat(k.getRetryIntervalInSeconds()).isEqualTo(30L);
        assertThat(k.getTimeoutInSeconds()).isEqualTo(300L);
        assertThat(k.getWait()).isFalse();
        assertThat(k.getForce()).isTrue();
    }

    @Test
    void noKustomizationCreatesKustomization1WithAWarning() {
        ConfigurationBuilder.Result r = create("-n", "cfg", "-u", "https://example.com/r", "--branch", "main");
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).singleElement().asString().contains("kustomization-1");
        assertThat(r.configuration().properties().kustomizations()).containsOnlyKeys("kustomization-1");
    }

    @Test
    void secretsBecomeProtectedSettings() {
        ConfigurationBuilder.Result r = create("-n", "cfg", "-u", "https://example.com/r", "--branch", "main",
                "--https-user", "me", "--https-key", "pat", "-k", "name=a");
        assertThat(r.errors()).isEmpty();
        assertThat(r.configuration().properties().configurationProtectedSettings()).containsEntry("httpsKey",
                ConfigurationBuilder.b64("pat"));
    }

    @Test
    void badInputIsRefusedWithTheValidatorsMessages() {
        ConfigurationBuilder.Result r = create("-n", "Bad_Name", "-u", "ftp://x/y", "--branch", "main", "-k", "name=apps",
                "dependsOn=[infa]");
        assertThat(r.configuration()).isNull();
        assertThat(r.errors()).anyMatch(e -> e.startsWith("name: 'Bad_Name'"))
                .anyMatch(e -> e.startsWith("gitRepository.url:"))
                .anyMatch(e -> e.equals("kustomizations[apps].dependsOn: 'infa' is not a kustomization of this configuration"));
        assertThat(create("-n", "cfg", "-u", "https://x/y", "--branch", "main", "-k", "name=a", "prune=maybe").errors())
                .singleElement().asString().contains("prune").contains("maybe");
        assertThat(create("-n", "cfg", "--kind", "svn", "-u", "https://x/y").errors()).singleElement().asString()
                .contains("--kind");
        assertThat(create("-n", "cfg", "-u", "https://x/y", "--branch", "main", "--interval", "1d").errors())
                .singleElement().asString().startsWith("--interval");
    }

    @Test
    void tablesLookLikeKubectl() {
        String t = Tables.render(List.of("NAMESPACE", "NAME"), List.of(List.of("cluster-config", "x"), List.of("a", "")));
        assertThat(t).isEqualTo("NAMESPACE        NAME\ncluster-config   x\na                <none>\n");
        assertThat(Tables.age("2026-01-01T00:00:00Z", Instant.parse("2026-01-01T00:01:05Z"))).isEqualTo("65s");
        assertThat(Tables.age("2026-01-01T00:00:00Z", Instant.parse("2026-01-01T00:05:05Z"))).isEqualTo("5m5s");
    }
}
