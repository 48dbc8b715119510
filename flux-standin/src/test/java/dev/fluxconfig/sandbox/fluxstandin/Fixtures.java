package dev.fluxconfig.sandbox.fluxstandin;

import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.awaitility.core.ConditionTimeoutException;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.fluxconfig.model.flux.common.CrossNamespaceSourceReference;
import dev.fluxconfig.model.flux.common.FluxStatus;
import dev.fluxconfig.model.flux.common.NamespacedObjectReference;
import dev.fluxconfig.model.flux.helm.HelmChartTemplate;
import dev.fluxconfig.model.flux.helm.HelmChartTemplateSpec;
import dev.fluxconfig.model.flux.helm.HelmRelease;
import dev.fluxconfig.model.flux.helm.HelmReleaseSpec;
import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.kustomize.KustomizationSpec;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.flux.source.GitRepositoryRef;
import dev.fluxconfig.model.flux.source.GitRepositorySpec;

/** Objects shaped like the ones fluxconfig-controller generates, and waits that show the object when they time out. */
final class Fixtures {

    static final String TUTORIAL_URL = "https://github.com/Azure/gitops-flux2-kustomize-helm-mt";
    static final Duration WAIT = Duration.ofSeconds(30);

    private Fixtures() {
    }

    static GitRepository gitRepository(String ns, String name, String url, String branch) {
        GitRepository g = new GitRepository();
        g.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
        GitRepositorySpec spec = new GitRepositorySpec();
        spec.setUrl(url);
        spec.setInterval("10m0s");
        GitRepositoryRef ref = new GitRepositoryRef();
        ref.setBranch(branch);
        spec.setRef(ref);
        g.setSpec(spec);
        return g;
    }

    static Kustomization kustomization(String ns, String name, String source, String path, String... dependsOn) {
        Kustomization k = new Kustomization();
        k.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
        KustomizationSpec spec = new KustomizationSpec();
        spec.setSourceRef(new CrossNamespaceSourceReference("GitRepository", source, ns));
        spec.setPath(path);
        spec.setPrune(true);
        spec.setInterval("10m0s");
        if (dependsOn.length > 0) {
            List<NamespacedObjectReference> deps = new ArrayList<>();
            for (String d : dependsOn) {
                deps.add(new NamespacedObjectReference(d, null));
            }
            spec.setDependsOn(deps);
        }
        k.setSpec(spec);
        return k;
    }

    static HelmRelease helmRelease(String ns, String name, String chart, String version) {
        HelmRelease hr = new HelmRelease();
        hr.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
        HelmChartTemplateSpec t = new HelmChartTemplateSpec();
        t.setChart(chart);
        t.setVersion(version);
        t.setSourceRef(new CrossNamespaceSourceReference("HelmRepository", "charts", null));
        HelmChartTemplate template = new HelmChartTemplate();
        template.setSpec(t);
        HelmReleaseSpec spec = new HelmReleaseSpec();
        spec.setChart(template);
        spec.setInterval("5m");
        hr.setSpec(spec);
        return hr;
    }

    static Optional<Condition> ready(CustomResource<?, ? extends FluxStatus> obj) {
        return obj == null || obj.getStatus() == null
                ? Optional.empty()
                : Conditions.find(obj.getStatus().getConditions(), "Ready");
    }

    static boolean isReady(CustomResource<?, ? extends FluxStatus> obj) {
        return ready(obj).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    static <T extends CustomResource<?, ? extends FluxStatus>> Predicate<T> readyWith(String status, String reason) {
        return t -> ready(t).map(c -> status.equals(c.getStatus()) && reason.equals(c.getReason())).orElse(false);
    }

    /** Waits until the object exists and passes the check; on timeout the failure shows the object as last seen. */
    static <T extends HasMetadata> T awaitObject(KubernetesClient client, Class<T> type, String ns, String name,
            Predicate<T> check, String what) {
        AtomicReference<T> last = new AtomicReference<>();
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
                T t = client.resources(type).inNamespace(ns).withName(name).get();
                last.set(t);
                return t != null && check.test(t);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(what + ": not seen within " + WAIT + "; " + type.getSimpleName() + " " + ns + "/" + name
                    + " as last seen:\n" + (last.get() == null
                            ? "(absent)"
                            : client.getKubernetesSerialization().asYaml(last.get())),
                    e);
        }
        return last.get();
    }

    /** Waits until the object is gone. */
    static <T extends HasMetadata> void awaitGone(KubernetesClient client, Class<T> type, String ns, String name) {
        AtomicReference<T> last = new AtomicReference<>();
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
                T t = ns == null
                        ? client.resources(type).withName(name).get()
                        : client.resources(type).inNamespace(ns).withName(name).get();
                last.set(t);
                return t == null;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(type.getSimpleName() + " " + ns + "/" + name + " still exists:\n"
                    + client.getKubernetesSerialization().asYaml(last.get()), e);
        }
    }

    /** Waits until the stand-in has nothing left to do. */
    static void awaitIdle(FluxStandIn standIn) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(standIn::isIdle);
    }

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        private volatile Instant now;

        ManualClock(Instant start) {
            this.now = start;
        }

        void set(Instant instant) {
            this.now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
