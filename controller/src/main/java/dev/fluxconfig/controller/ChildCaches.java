package dev.fluxconfig.controller;

import static dev.fluxconfig.model.FluxConfigConstants.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

import dev.fluxconfig.controller.desired.ChildLabels;
import dev.fluxconfig.model.flux.helm.HelmRelease;
import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.source.HelmChart;
import dev.fluxconfig.model.v1alpha1.FluxConfig;

/**
 * The informers the controller reads instead of the API server: every kind it generates ({@link ChildKind}, scoped by
 * its managed-by label), the agent's protected-settings Secrets, and the HelmReleases and HelmCharts Flux applies, which it only reads.
 */
public final class ChildCaches {

    /** Index of the generated objects by the configuration they belong to, {@code <namespace>/<name>}. */
    private static final String BY_CONFIG = "by-config";

    private final Map<Class<?>, InformerEventSource<?, FluxConfig>> sources = new LinkedHashMap<>();
    private InformerEventSource<Secret, FluxConfig> protectedSecrets;
    private InformerEventSource<HelmRelease, FluxConfig> helmReleases;
    private InformerEventSource<HelmChart, FluxConfig> helmCharts;

    /** Builds the event sources; called once by the Operator SDK. */
    public List<EventSource<?, FluxConfig>> create(EventSourceContext<FluxConfig> ctx) {
        List<EventSource<?, FluxConfig>> all = new ArrayList<>();
        for (Class<? extends HasMetadata> kind : ChildKind.types()) {
            InformerEventSource<?, FluxConfig> es = generated(kind, ctx);
            sources.put(kind, es);
            all.add(es);
        }
        protectedSecrets = new InformerEventSource<>(InformerEventSourceConfiguration.from(Secret.class, FluxConfig.class)
                .withName("protected-settings").withLabelSelector(LABEL_MANAGED_BY + "=" + MANAGED_BY_AGENT)
                .withSecondaryToPrimaryMapper(protectedSecretToConfig()).withItemStore(new ReadFieldsItemStore<>()).build(),
                ctx);
        all.add(protectedSecrets);
        helmReleases = new InformerEventSource<>(InformerEventSourceConfiguration.from(HelmRelease.class, FluxConfig.class)
                .withName("helmreleases").withSecondaryToPrimaryMapper(helmReleaseToConfig())
                .withItemStore(new ReadFieldsItemStore<>()).build(), ctx);
        all.add(helmReleases);
        helmCharts = new InformerEventSource<>(InformerEventSourceConfiguration.from(HelmChart.class, FluxConfig.class)
                .withName("helmcharts").withSecondaryToPrimaryMapper(chart -> Set.of())
                .withItemStore(new ReadFieldsItemStore<>())
                .build(), ctx);
        all.add(helmCharts);
        return all;
    }

    private static <R extends HasMetadata> InformerEventSource<R, FluxConfig> generated(Class<R> kind,
            EventSourceContext<FluxConfig> ctx) {
        InformerEventSource<R, FluxConfig> es = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(kind, FluxConfig.class).withName(kind.getSimpleName().toLowerCase())
                .withLabelSelector(ChildLabels.MANAGED_SELECTOR)
                .withSecondaryToPrimaryMapper(ChildCaches::configOf)
                .withItemStore(new ReadFieldsItemStore<>()).build(), ctx);
        // each reconcile looks up the objects of one configuration; a scan of every cached object made that O(N)
        es.addIndexers(Map.of(BY_CONFIG, child -> configOf(child).stream()
                .map(id -> configKey(id.getName(), id.getNamespace().orElse(""))).toList()));
        return es;
    }

    private static String configKey(String configName, String configNamespace) {
        return configNamespace + "/" + configName;
    }

    /** The configuration a generated object belongs to, from its labels (cluster-scoped objects have no owner). */
    static Set<ResourceID> configOf(HasMetadata child) {
        Map<String, String> labels = child.getMetadata().getLabels();
        if (labels == null || labels.get(LABEL_NAME) == null || labels.get(LABEL_NAMESPACE) == null) {
            return Set.of();
        }
        return Set.of(new ResourceID(labels.get(LABEL_NAME), labels.get(LABEL_NAMESPACE)));
    }

    private static SecondaryToPrimaryMapper<Secret> protectedSecretToConfig() {
        String suffix = protectedSettingsSecretName("");
        return secret -> {
            String name = secret.getMetadata().getName();
            return name.endsWith(suffix) && name.length() > suffix.length()
                    ? Set.of(new ResourceID(name.substring(0, name.length() - suffix.length()),
                            secret.getMetadata().getNamespace()))
                    : Set.of();
        };
    }

    /** A HelmRelease belongs to the configuration whose Kustomization applied it (Flux labels what it applies). */
    private SecondaryToPrimaryMapper<HelmRelease> helmReleaseToConfig() {
        return hr -> {
            Map<String, String> labels = hr.getMetadata().getLabels();
            if (labels == null || labels.get("kustomize.toolkit.fluxcd.io/name") == null) {
                return Set.of();
            }
            String ns = labels.getOrDefault("kustomize.toolkit.fluxcd.io/namespace", hr.getMetadata().getNamespace());
            return get(Kustomization.class, ns, labels.get("kustomize.toolkit.fluxcd.io/name"))
                    .map(ChildCaches::configOf).orElse(Set.of());
        };
    }

    @SuppressWarnings("unchecked")
    private <R extends HasMetadata> InformerEventSource<R, FluxConfig> source(Class<R> kind) {
        InformerEventSource<R, FluxConfig> es = (InformerEventSource<R, FluxConfig>) sources.get(kind);
        if (es == null) {
            throw new IllegalArgumentException("no informer for " + kind.getSimpleName());
        }
        return es;
    }

    /** A generated object from the cache. */
    public <R extends HasMetadata> Optional<R> get(Class<R> kind, String namespace, String name) {
        return source(kind).get(new ResourceID(name, namespace));
    }

    /** Every cached object of a kind generated for one configuration (by its labels). */
    public <R extends HasMetadata> List<R> generatedFor(Class<R> kind, String configName, String configNamespace) {
        return source(kind).byIndex(BY_CONFIG, configKey(configName, configNamespace));
    }

    /** Tells the cache about an object just written, so the next reconcile does not read an older copy. */
    @SuppressWarnings("unchecked")
    public <R extends HasMetadata> void written(R before, R after) {
        InformerEventSource<R, FluxConfig> es = (InformerEventSource<R, FluxConfig>) sources.get(after.getClass());
        if (es == null) {
            return;
        }
        ResourceID id = ResourceID.fromResource(after);
        if (before == null) {
            es.handleRecentResourceCreate(id, after);
        } else {
            es.handleRecentResourceUpdate(id, after, before);
        }
    }

    public Optional<Secret> protectedSecret(String namespace, String name) {
        return protectedSecrets.get(new ResourceID(name, namespace));
    }

    public Optional<HelmRelease> helmRelease(String namespace, String name) {
        return helmReleases.get(new ResourceID(name, namespace));
    }

    public Optional<HelmChart> helmChart(String namespace, String name) {
        return helmCharts.get(new ResourceID(name, namespace));
    }
}
