package dev.fluxconfig.sandbox.fluxstandin;

import static dev.fluxconfig.sandbox.fluxstandin.Fixtures.awaitIdle;
import static dev.fluxconfig.sandbox.fluxstandin.Fixtures.awaitObject;
import static dev.fluxconfig.sandbox.fluxstandin.Fixtures.readyWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.fluxconfig.model.FluxConfigConstants;
import dev.fluxconfig.model.flux.helm.HelmRelease;
import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.testing.RealKube;
import dev.fluxconfig.testing.TestNamespace;

/**
 * The stand-in's rules on the real API server: suspend, failure on request and healing, the URL rule, artifact times and
 * reconcile requests, and that a requeue, a restart or a resync of current objects writes nothing.
 */
@RealKube
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandInBehaviourIT {

    static final String OTHER_URL = "https://github.com/example/app-manifests";
    static final Instant T1 = Instant.parse("2030-01-01T10:00:00Z");
    static final Instant T2 = Instant.parse("2030-01-01T11:00:00Z");
    static final Instant T3 = Instant.parse("2030-01-01T12:00:00Z");

    static final Fixtures.ManualClock clock = new Fixtures.ManualClock(T1);
    static FluxStandIn standIn;

    final KubernetesClient client;
    final String ns;

    StandInBehaviourIT(KubernetesClient client, TestNamespace ns) {
        this.client = client;
        this.ns = ns.name();
    }

    @BeforeAll
    static void start(KubernetesClient client, TestNamespace ns) {
        standIn = FluxStandIn.builder(client).namespaces(ns.name()).clock(clock).start();
    }

    @AfterAll
    static void stop(KubernetesClient client, TestNamespace ns) {
        // pruning Kustomizations hold a finalizer: let the stand-in release them before it stops
        client.resources(Kustomization.class).inNamespace(ns.name()).delete();
        await().atMost(Fixtures.WAIT)
                .until(() -> client.resources(Kustomization.class).inNamespace(ns.name()).list().getItems().isEmpty());
        standIn.close();
    }

    @Test
    @Order(1)
    void suspendedObjectsAreLeftAloneUntilResumed() {
        GitRepository suspended = Fixtures.gitRepository(ns, "suspended", OTHER_URL, "main");
        suspended.getSpec().setSuspend(true);
        String createdVersion = client.resource(suspended).create().getMetadata().getResourceVersion();
        client.resource(Fixtures.gitRepository(ns, "control", OTHER_URL, "main")).create();
        Kustomization held = Fixtures.kustomization(ns, "held", "control", "./deploy");
        held.getSpec().setSuspend(true);
        String heldVersion = client.resource(held).create().getMetadata().getResourceVersion();
        client.resource(Fixtures.kustomization(ns, "control-ks", "control", "./deploy")).create();

        // objects are worked in the order of their events: once the later ones are done, the suspended ones were seen
        awaitObject(client, Kustomization.class, ns, "control-ks", Fixtures::isReady, "control Kustomization ready");
        awaitIdle(standIn);
        GitRepository untouched = client.resources(GitRepository.class).inNamespace(ns).withName("suspended").get();
        assertThat(untouched.getMetadata().getResourceVersion()).isEqualTo(createdVersion);
        assertThat(untouched.getStatus() == null || untouched.getStatus().getConditions().isEmpty()).isTrue();
        Kustomization heldNow = client.resources(Kustomization.class).inNamespace(ns).withName("held").get();
        assertThat(heldNow.getMetadata().getResourceVersion()).as("no status, no finalizer").isEqualTo(heldVersion);

        client.resources(GitRepository.class).inNamespace(ns).withName("suspended").edit(g -> {
            g.getSpec().setSuspend(false);
            return g;
        });
        awaitObject(client, GitRepository.class, ns, "suspended", Fixtures::isReady, "resumed source ready");
        client.resources(Kustomization.class).inNamespace(ns).withName("held").edit(k -> {
            k.getSpec().setSuspend(false);
            return k;
        });
        awaitObject(client, Kustomization.class, ns, "held", Fixtures::isReady, "resumed Kustomization ready");

        // a Ready object that is suspended keeps its status even when its spec changes
        String mainRevision = client.resources(GitRepository.class).inNamespace(ns).withName("control").get().getStatus()
                .getArtifact().getRevision();
        client.resources(GitRepository.class).inNamespace(ns).withName("control").edit(g -> {
            g.getSpec().setSuspend(true);
            g.getSpec().getRef().setBranch("dev");
            return g;
        });
        client.resource(Fixtures.gitRepository(ns, "barrier", OTHER_URL, "main")).create();
        awaitObject(client, GitRepository.class, ns, "barrier", Fixtures::isReady, "barrier source ready");
        awaitIdle(standIn);
        assertThat(client.resources(GitRepository.class).inNamespace(ns).withName("control").get().getStatus()
                .getArtifact().getRevision()).isEqualTo(mainRevision);
        client.resources(GitRepository.class).inNamespace(ns).withName("control").edit(g -> {
            g.getSpec().setSuspend(false);
            return g;
        });
        GitRepository resumed = awaitObject(client, GitRepository.class, ns, "control",
                g -> g.getStatus().getArtifact().getRevision().startsWith("dev@sha1:"), "resumed source on branch dev");
        awaitObject(client, Kustomization.class, ns, "control-ks",
                k -> resumed.getStatus().getArtifact().getRevision().equals(k.getStatus().getLastAppliedRevision()),
                "Kustomization applies the new revision");
    }

    @Test
    @Order(2)
    void failAnnotationFailsAnObjectAndRemovingItHeals() {
        client.resource(Fixtures.gitRepository(ns, "app", OTHER_URL, "main")).create();
        client.resource(Fixtures.kustomization(ns, "app", "app", "./deploy")).create();
        awaitObject(client, Kustomization.class, ns, "app", Fixtures::isReady, "app ready");

        annotate(Kustomization.class, "app", "kustomization.yaml: no such file");
        Kustomization failed = awaitObject(client, Kustomization.class, ns, "app",
                readyWith("False", "ReconciliationFailed"), "Kustomization fails on request");
        assertThat(Fixtures.ready(failed).orElseThrow().getMessage()).isEqualTo("kustomization.yaml: no such file");
        assertThat(failed.getStatus().getInventory().getEntries()).as("the last inventory is kept").isNotEmpty();
        annotate(Kustomization.class, "app", null);
        awaitObject(client, Kustomization.class, ns, "app", readyWith("True", "ReconciliationSucceeded"), "healed");

        annotate(GitRepository.class, "app", "simulated git outage");
        GitRepository failedGit = awaitObject(client, GitRepository.class, ns, "app",
                readyWith("False", "GitOperationFailed"), "source fails on request");
        assertThat(Fixtures.ready(failedGit).orElseThrow().getMessage()).isEqualTo("simulated git outage");
        assertThat(Conditions.isTrue(failedGit.getStatus().getConditions(), "FetchFailed")).isTrue();
        assertThat(failedGit.getStatus().getArtifact()).as("the last artifact is kept").isNotNull();
        awaitObject(client, Kustomization.class, ns, "app", readyWith("False", "ArtifactFailed"),
                "Kustomization of a failing source");
        annotate(GitRepository.class, "app", null);
        awaitObject(client, GitRepository.class, ns, "app", readyWith("True", "Succeeded"), "source healed");
        awaitObject(client, Kustomization.class, ns, "app", Fixtures::isReady, "Kustomization healed");

        HelmRelease web = Fixtures.helmRelease(ns, "web", "podinfo", "6.5.0");
        web.getMetadata().setAnnotations(Map.of(FluxStandIn.FAIL_ANNOTATION, "image pull back-off"));
        client.resource(web).create();
        HelmRelease failedRelease = awaitObject(client, HelmRelease.class, ns, "web", readyWith("False", "InstallFailed"),
                "release fails on request");
        assertThat(Fixtures.ready(failedRelease).orElseThrow().getMessage())
                .isEqualTo("Helm install failed for release " + ns + "/web with chart podinfo@6.5.0: image pull back-off");
        assertThat(failedRelease.getStatus().getFailures()).isEqualTo(1L);
        assertThat(failedRelease.getStatus().getInstallFailures()).isEqualTo(1L);
        annotate(HelmRelease.class, "web", null);
        HelmRelease healed = awaitObject(client, HelmRelease.class, ns, "web", readyWith("True", "InstallSucceeded"),
                "release healed");
        assertThat(healed.getStatus().getFailures()).isZero();
        assertThat(healed.getStatus().getHistory()).hasSize(1);
    }

    @Test
    @Order(3)
    void sourceUrlMatchingTheRuleFailsAuthentication() {
        client.resource(Fixtures.gitRepository(ns, "private", "https://github.com/example/fail-private.git", "main"))
                .create();
        client.resource(Fixtures.kustomization(ns, "private", "private", "./")).create();
        GitRepository git = awaitObject(client, GitRepository.class, ns, "private",
                readyWith("False", "AuthenticationFailed"), "URL rule");
        assertThat(Fixtures.ready(git).orElseThrow().getMessage())
                .startsWith("failed to checkout and determine revision: unable to clone "
                        + "'https://github.com/example/fail-private.git': authentication required");
        assertThat(git.getStatus().getArtifact()).isNull();
        Kustomization ks = awaitObject(client, Kustomization.class, ns, "private", readyWith("False", "ArtifactFailed"),
                "Kustomization of a source that never fetched");
        assertThat(Fixtures.ready(ks).orElseThrow().getMessage())
                .isEqualTo("Source artifact not found: GitRepository '" + ns + "/private' is not ready");
    }

    @Test
    @Order(4)
    void artifactTimeMovesOnlyWithTheRevisionAndReconcileRequestsAreRecorded() {
        clock.set(T1);
        client.resource(Fixtures.gitRepository(ns, "timed", OTHER_URL, "main")).create();
        GitRepository first = awaitObject(client, GitRepository.class, ns, "timed", Fixtures::isReady, "timed ready");
        assertThat(first.getStatus().getArtifact().getLastUpdateTime()).isEqualTo(T1.toString());

        clock.set(T2);
        client.resources(GitRepository.class).inNamespace(ns).withName("timed").edit(g -> {
            g.getMetadata().getAnnotations().put(FluxConfigConstants.ANNOTATION_RECONCILE_REQUESTED_AT, "request-1");
            return g;
        });
        GitRepository requested = awaitObject(client, GitRepository.class, ns, "timed",
                g -> "request-1".equals(g.getStatus().getLastHandledReconcileAt()), "reconcile request handled");
        assertThat(requested.getStatus().getArtifact().getRevision()).isEqualTo(first.getStatus().getArtifact().getRevision());
        assertThat(requested.getStatus().getArtifact().getLastUpdateTime()).isEqualTo(T1.toString());

        clock.set(T3);
        client.resources(GitRepository.class).inNamespace(ns).withName("timed").edit(g -> {
            g.getSpec().getRef().setBranch("release");
            return g;
        });
        GitRepository moved = awaitObject(client, GitRepository.class, ns, "timed",
                g -> g.getStatus().getArtifact().getRevision().startsWith("release@sha1:"), "new revision");
        assertThat(moved.getStatus().getArtifact().getLastUpdateTime()).isEqualTo(T3.toString());
        assertThat(moved.getStatus().getObservedGeneration()).isEqualTo(moved.getMetadata().getGeneration());
        assertThat(Fixtures.ready(moved).orElseThrow().getLastTransitionTime()).as("Ready did not flip")
                .isEqualTo(T1.toString());
    }

    @Test
    @Order(5)
    void requeueRestartAndResyncWriteNothingWhenNothingChanged() {
        awaitIdle(standIn);
        Map<String, String> versions = resourceVersions();
        assertThat(versions).hasSizeGreaterThan(10);
        FluxStandIn.Stats before = standIn.stats();

        standIn.requeueAll();
        await().atMost(Fixtures.WAIT)
                .until(() -> standIn.stats().reconciles() >= before.reconciles() + versions.size() && standIn.isIdle());
        FluxStandIn.Stats after = standIn.stats();
        assertThat(after.statusWrites()).isEqualTo(before.statusWrites());
        assertThat(after.objectWrites()).isEqualTo(before.objectWrites());
        assertThat(resourceVersions()).isEqualTo(versions);

        try (FluxStandIn restarted = FluxStandIn.builder(client).namespaces(ns).clock(clock)
                .resyncPeriod(Duration.ofMillis(300)).start()) {
            await().atMost(Fixtures.WAIT).until(() -> restarted.stats().reconciles() >= 3L * versions.size());
            assertThat(restarted.stats().statusWrites()).isZero();
            assertThat(restarted.stats().objectWrites()).isZero();
        }
        assertThat(resourceVersions()).isEqualTo(versions);
    }

    @Test
    @Order(6)
    void heldObjectsAreNotWorkedUntilReleased() {
        standIn.holdBack(o -> o.getMetadata().getName().startsWith("held-"));
        try {
            String gitVersion = client.resource(Fixtures.gitRepository(ns, "held-src", OTHER_URL, "main")).create()
                    .getMetadata().getResourceVersion();
            client.resource(Fixtures.gitRepository(ns, "free-src", OTHER_URL, "main")).create();
            String ksVersion = client.resource(Fixtures.kustomization(ns, "held-ks", "free-src", "./deploy")).create()
                    .getMetadata().getResourceVersion();
            client.resource(Fixtures.kustomization(ns, "free-ks", "free-src", "./deploy")).create();
            awaitObject(client, Kustomization.class, ns, "free-ks", Fixtures::isReady, "the free Kustomization ready");
            awaitIdle(standIn);
            assertThat(client.resources(GitRepository.class).inNamespace(ns).withName("held-src").get().getMetadata()
                    .getResourceVersion()).as("held source: no status").isEqualTo(gitVersion);
            assertThat(client.resources(Kustomization.class).inNamespace(ns).withName("held-ks").get().getMetadata()
                    .getResourceVersion()).as("held Kustomization: no status, no finalizer").isEqualTo(ksVersion);

            // released, both become Ready; held again while deleted, the Kustomization keeps Flux's finalizer
            standIn.holdBack(o -> false);
            awaitObject(client, GitRepository.class, ns, "held-src", Fixtures::isReady, "released source ready");
            awaitObject(client, Kustomization.class, ns, "held-ks",
                    k -> Fixtures.isReady(k) && k.getMetadata().getFinalizers().contains(FluxStandIn.FINALIZER),
                    "released Kustomization ready, with Flux's finalizer");
            standIn.holdBack(o -> o.getMetadata().getName().equals("held-ks"));
            client.resources(Kustomization.class).inNamespace(ns).withName("held-ks").delete();
            // objects are worked in the order of their events: once the barrier is Ready, the deletion was seen
            client.resource(Fixtures.kustomization(ns, "barrier-ks", "free-src", "./deploy")).create();
            awaitObject(client, Kustomization.class, ns, "barrier-ks", Fixtures::isReady, "barrier ready");
            awaitIdle(standIn);
            assertThat(client.resources(Kustomization.class).inNamespace(ns).withName("held-ks").get())
                    .as("a held Kustomization is not let go").isNotNull();
            standIn.holdBack(o -> false);
            Fixtures.awaitGone(client, Kustomization.class, ns, "held-ks");
        } finally {
            standIn.holdBack(o -> false);
        }
    }

    private Map<String, String> resourceVersions() {
        Map<String, String> out = new TreeMap<>();
        for (FluxKind kind : FluxKind.values()) {
            for (HasMetadata o : client.resources(kind.type).inNamespace(ns).list().getItems()) {
                out.put(kind.kind + "/" + o.getMetadata().getName(), o.getMetadata().getResourceVersion());
            }
        }
        return out;
    }

    private <T extends HasMetadata> void annotate(Class<T> type, String name, String failure) {
        client.resources(type).inNamespace(ns).withName(name).edit(o -> {
            Map<String, String> a = o.getMetadata().getAnnotations() == null
                    ? new HashMap<>()
                    : new HashMap<>(o.getMetadata().getAnnotations());
            if (failure == null) {
                a.remove(FluxStandIn.FAIL_ANNOTATION);
            } else {
                a.put(FluxStandIn.FAIL_ANNOTATION, failure);
            }
            o.getMetadata().setAnnotations(a);
            return o;
        });
    }
}
