package dev.fluxconfig.sandbox.fluxstandin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.source.GitRepository;

/** Failure rules, condition bookkeeping and the event filter. */
class RulesTest {

    final FailureRules rules = new FailureRules(Pattern.compile(FluxStandIn.DEFAULT_FAIL_URL_PATTERN));

    @Test
    void annotationFailsWithTheKindsReasonAndTheGivenMessage() {
        GitRepository git = new GitRepository();
        assertThat(rules.byAnnotation(FluxKind.GIT_REPOSITORY, git)).isEmpty();
        git.getMetadata().setAnnotations(Map.of(FluxStandIn.FAIL_ANNOTATION, "repository gone"));
        assertThat(rules.byAnnotation(FluxKind.GIT_REPOSITORY, git)).hasValue(
                new FailureRules.Failure("GitOperationFailed", "repository gone"));
        Kustomization ks = new Kustomization();
        ks.getMetadata().setAnnotations(Map.of(FluxStandIn.FAIL_ANNOTATION, ""));
        assertThat(rules.byAnnotation(FluxKind.KUSTOMIZATION, ks)).hasValueSatisfying(f -> {
            assertThat(f.reason()).isEqualTo("ReconciliationFailed");
            assertThat(f.message()).contains(FluxStandIn.FAIL_ANNOTATION);
        });
    }

    @Test
    void urlRuleFailsAuthenticationWithoutShowingCredentials() {
        assertThat(rules.byUrl(FluxKind.GIT_REPOSITORY, "https://github.com/example/repo")).isEmpty();
        assertThat(rules.byUrl(FluxKind.GIT_REPOSITORY, "https://user:s3cret@github.com/example/will-fail"))
                .hasValueSatisfying(f -> {
                    assertThat(f.reason()).isEqualTo("AuthenticationFailed");
                    assertThat(f.message()).contains("'https://github.com/example/will-fail'").doesNotContain("s3cret");
                });
        assertThat(new FailureRules(null).byUrl(FluxKind.GIT_REPOSITORY, "https://x/fail")).isEmpty();
        assertThat(FailureRules.redact("ssh://git@github.com/a/b")).isEqualTo("ssh://git@github.com/a/b");
        assertThat(FailureRules.redact("https://token@github.com/a/b")).isEqualTo("https://github.com/a/b");
    }

    @Test
    void transitionTimeMovesOnlyWithTheStatus() {
        Instant t1 = Instant.parse("2024-01-01T10:00:00.123Z");
        Instant t2 = Instant.parse("2024-01-01T11:00:00Z");
        List<Condition> first = Conditions.carryTransitionTimes(null,
                List.of(Conditions.of("Ready", "True", "Succeeded", "a", 1L)), t1);
        assertThat(first.get(0).getLastTransitionTime()).isEqualTo("2024-01-01T10:00:00Z");
        List<Condition> sameStatus = Conditions.carryTransitionTimes(first,
                List.of(Conditions.of("Ready", "True", "Succeeded", "b", 2L)), t2);
        assertThat(sameStatus.get(0).getLastTransitionTime()).isEqualTo("2024-01-01T10:00:00Z");
        List<Condition> flipped = Conditions.carryTransitionTimes(sameStatus,
                List.of(Conditions.of("Ready", "False", "Failed", "c", 2L)), t2);
        assertThat(flipped.get(0).getLastTransitionTime()).isEqualTo("2024-01-01T11:00:00Z");
    }

    @Test
    void ownStatusWritesAreNotWorkButSpecAnnotationsDeletionAndResyncAre() {
        GitRepository old = new GitRepository();
        old.getMetadata().setResourceVersion("1");
        old.getMetadata().setGeneration(1L);
        GitRepository statusOnly = new GitRepository();
        statusOnly.getMetadata().setResourceVersion("2");
        statusOnly.getMetadata().setGeneration(1L);
        assertThat(FluxStandIn.needsWork(old, statusOnly)).isFalse();
        assertThat(FluxStandIn.needsWork(old, old)).isTrue();

        GitRepository newGeneration = new GitRepository();
        newGeneration.getMetadata().setResourceVersion("3");
        newGeneration.getMetadata().setGeneration(2L);
        assertThat(FluxStandIn.needsWork(old, newGeneration)).isTrue();

        GitRepository requested = new GitRepository();
        requested.getMetadata().setResourceVersion("4");
        requested.getMetadata().setGeneration(1L);
        requested.getMetadata().setAnnotations(Map.of("reconcile.fluxcd.io/requestedAt", "now"));
        assertThat(FluxStandIn.needsWork(old, requested)).isTrue();
    }

    @Test
    void mainParsesItsOptions() {
        try (KubernetesClient client = unreachableClient()) {
            FluxStandIn.Options o = FluxStandInMain.parse(client, "--namespace", "a", "-n", "b", "--reconcile-delay",
                    "1500ms", "--no-fail-url-rule", "--no-finalizers", "--resync", "1m").options();
            assertThat(o.namespaces()).containsExactlyInAnyOrder("a", "b");
            assertThat(o.reconcileDelay()).hasMillis(1500);
            assertThat(o.failUrlPattern()).isNull();
            assertThat(o.finalizers()).isFalse();
            assertThat(o.resyncPeriod()).hasSeconds(60);
            FluxStandIn.Options d = FluxStandInMain.parse(client).options();
            assertThat(d.namespaces()).isEmpty();
            assertThat(d.reconcileDelay()).isZero();
            assertThat(d.failUrlPattern().pattern()).isEqualTo("fail");
            assertThat(d.finalizers()).isTrue();
        }
    }

    @Test
    void mainRejectsUnknownArguments() {
        try (KubernetesClient client = unreachableClient()) {
            assertThatIllegalArgumentException().isThrownBy(() -> FluxStandInMain.parse(client, "--bogus"))
                    .withMessageContaining("--bogus");
            assertThatIllegalArgumentException().isThrownBy(() -> FluxStandInMain.parse(client, "--namespace"))
                    .withMessageContaining("needs a value");
        }
    }

    private static KubernetesClient unreachableClient() {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build())
                .build();
    }
}
