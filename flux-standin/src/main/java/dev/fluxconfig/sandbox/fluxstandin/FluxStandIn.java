package dev.fluxconfig.sandbox.fluxstandin;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import dev.fluxconfig.model.FluxConfigConstants;
import dev.fluxconfig.model.flux.common.FluxStatus;
import dev.fluxconfig.model.flux.common.SourceStatus;
import dev.fluxconfig.model.flux.helm.HelmRelease;
import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.source.Bucket;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.flux.source.HelmChart;
import dev.fluxconfig.model.flux.source.HelmRepository;
import dev.fluxconfig.model.flux.source.OCIRepository;

/**
 * <b>Test equipment, not Flux.</b> Plays source-controller, kustomize-controller and helm-controller on an API server that
 * has the Flux CRDs but no Flux: sources become Ready with a fake revision, Kustomizations are applied in {@code dependsOn}
 * order and fill their inventories (the tutorial's nginx, redis and podinfo HelmReleases, created for real), HelmReleases
 * get a release history. Suspended objects are left alone, and so are objects whose status a test wrote with
 * {@link ScriptedStatus}; the annotation {@value #FAIL_ANNOTATION} or a source URL
 * matching the failure pattern makes an object fail, so Non-Compliant can be shown. Every action is logged with
 * {@value #LOG_PREFIX}.
 * <p>
 * Informers feed one worker thread; a status is written (through the status subresource, locked to the resourceVersion)
 * only when it changes, so an idle stand-in writes nothing. Use {@link #builder(KubernetesClient)}, then {@link #start()};
 * {@link #close()} stops it (the client stays open).
 */
public final class FluxStandIn implements AutoCloseable {

    /** Prefix of every log line: nobody should take the stand-in for Flux. */
    public static final String LOG_PREFIX = "[flux-stand-in: test equipment]";
    /** Annotation that makes an object fail; its value is the failure message. Removing it heals the object. */
    public static final String FAIL_ANNOTATION = "fluxstandin.fluxconfig.dev/fail";
    /** Default failure rule: a source URL containing this (a regular expression, searched) fails authentication. */
    public static final String DEFAULT_FAIL_URL_PATTERN = "fail";
    /** Annotation on every object the stand-in creates. */
    public static final String CREATED_BY_ANNOTATION = "fluxstandin.fluxconfig.dev/created-by";
    public static final String CREATED_BY = "flux-stand-in (test equipment)";
    /** Flux's finalizer, held by pruning Kustomizations until what they applied is deleted. */
    public static final String FINALIZER = "finalizers.fluxcd.io";
    public static final String KUSTOMIZE_NAME_LABEL = "kustomize.toolkit.fluxcd.io/name";
    public static final String KUSTOMIZE_NAMESPACE_LABEL = "kustomize.toolkit.fluxcd.io/namespace";
    public static final String HELM_NAME_LABEL = "helm.toolkit.fluxcd.io/name";
    public static final String HELM_NAMESPACE_LABEL = "helm.toolkit.fluxcd.io/namespace";

    private static final String INDEX_SOURCE = "source";
    private static final String INDEX_DEPENDS_ON = "dependsOn";
    private static final String INDEX_CHART = "chart";
    private static final int CONFLICT_ATTEMPTS = 4;

    /**
     * Settings of a stand-in.
     *
     * @param namespaces namespaces to watch; empty for all
     * @param reconcileDelay how long after an event its object is worked (0 in tests; a few seconds make Pending visible)
     * @param failUrlPattern source URLs matching it (searched) fail; null for no URL rule
     * @param finalizers whether pruning Kustomizations hold {@value FluxStandIn#FINALIZER}; without it nothing is pruned
     *        on deletion
     * @param resyncPeriod informer resync period; zero for none
     */
    public record Options(Set<String> namespaces, Duration reconcileDelay, Pattern failUrlPattern, boolean finalizers,
            Duration resyncPeriod) {
    }

    /** What the stand-in has done since it started. */
    public record Stats(long reconciles, long statusWrites, long objectWrites, long conflicts) {
    }

    private final KubernetesClient client;
    private final Options options;
    private final StandInLog log = new StandInLog();
    private final Cluster cluster;
    private final Caches caches = new Caches();
    private final WorkQueue queue;
    private final SourceReconciler sources;
    private final KustomizationReconciler kustomizations;
    private final HelmReleaseReconciler helmReleases;
    private volatile boolean started;
    private volatile Predicate<HasMetadata> held = obj -> false;

    private FluxStandIn(KubernetesClient client, Options options, Clock clock) {
        this.client = client;
        this.options = options;
        this.cluster = new Cluster(client, log);
        this.queue = new WorkQueue(this::work, log);
        FailureRules failures = new FailureRules(options.failUrlPattern());
        this.sources = new SourceReconciler(cluster, caches, failures, clock);
        this.kustomizations = new KustomizationReconciler(cluster, caches, failures, clock, options.finalizers(), log);
        this.helmReleases = new HelmReleaseReconciler(cluster, caches, sources, failures, clock);
    }

    public static Builder builder(KubernetesClient client) {
        return new Builder(client);
    }

    public Options options() {
        return options;
    }

    /**
     * Starts the informers, waiting until their caches are filled; every existing object is then worked once. A kind whose
     * API is missing (no CRD) is not played, with a warning.
     */
    public synchronized FluxStandIn start() {
        if (started) {
            return this;
        }
        started = true;
        log.info("starting: plays source-, kustomize- and helm-controller (no real Flux), watching "
                + (options.namespaces().isEmpty() ? "all namespaces" : "namespaces " + options.namespaces())
                + ", reconcile delay " + options.reconcileDelay().toMillis() + " ms, URL failure rule "
                + (options.failUrlPattern() == null ? "off" : "'" + options.failUrlPattern().pattern() + "'"));
        // every cache is known before any event arrives, and nothing is worked before every cache is filled, so a
        // Kustomization never sees its source's cache half-filled
        for (FluxKind kind : FluxKind.values()) {
            caches.put(informers(kind));
        }
        Map<KindCache<? extends HasMetadata>, CompletableFuture<Void>> starting = new LinkedHashMap<>();
        for (KindCache<? extends HasMetadata> cache : caches.all()) {
            starting.put(cache, CompletableFuture.allOf(cache.informers().stream()
                    .map(i -> i.start().toCompletableFuture()).toArray(CompletableFuture[]::new)));
        }
        starting.forEach(this::awaitStarted);
        queue.open();
        log.info("started");
        return this;
    }

    /** Waits for a kind's informers to fill their caches; stops them with a warning when its API is missing. */
    private void awaitStarted(KindCache<? extends HasMetadata> cache, CompletableFuture<Void> started) {
        try {
            started.get(2, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            cache.stop();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            log.warn(cache.kind.kind + " is not played: its informer did not start (is its CRD installed?): " + cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(LOG_PREFIX + " interrupted while starting", e);
        }
    }

    /** Stops the informers and the worker. Objects keep what was written; the client stays open. */
    @Override
    public synchronized void close() {
        for (KindCache<? extends HasMetadata> cache : caches.all()) {
            cache.stop();
        }
        queue.close();
        if (started) {
            log.info("stopped");
        }
    }

    /** Queues every object in the caches, as a resync would: an object whose status is current is not written. */
    public void requeueAll() {
        for (KindCache<? extends HasMetadata> cache : caches.all()) {
            for (HasMetadata obj : cache.list()) {
                queue.add(keyOf(cache.kind, obj), Duration.ZERO);
            }
        }
    }

    /**
     * Holds back the objects matching {@code held}: they are not worked (no status, no finalizer added or removed), as by a
     * Flux that has not come to them yet; a test uses it to keep configurations from converging or from being deleted at
     * a moment it chooses. A new predicate takes effect at once: every object is queued again.
     */
    public void holdBack(Predicate<HasMetadata> held) {
        this.held = Objects.requireNonNull(held, "held");
        if (started) {
            requeueAll();
        }
    }

    /** True when no object waits for the worker and none is being worked. */
    public boolean isIdle() {
        return queue.isIdle();
    }

    public Stats stats() {
        Cluster.Counters c = cluster.counters;
        return new Stats(c.reconciles.get(), c.statusWrites.get(), c.objectWrites.get(), c.conflicts.get());
    }

    private <T extends HasMetadata> KindCache<T> informers(FluxKind kind) {
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) kind.type;
        KindCache<T> cache = new KindCache<>(kind, options.namespaces());
        long resync = options.resyncPeriod().toMillis();
        List<SharedIndexInformer<T>> list = new ArrayList<>();
        if (options.namespaces().isEmpty()) {
            list.add(client.resources(type).inAnyNamespace().runnableInformer(resync));
        } else {
            for (String ns : options.namespaces()) {
                list.add(client.resources(type).inNamespace(ns).runnableInformer(resync));
            }
        }
        for (SharedIndexInformer<T> informer : list) {
            Map<String, Function<T, List<String>>> indexers = indexers(kind);
            if (!indexers.isEmpty()) {
                informer.addIndexers(indexers);
            }
            informer.addEventHandler(new Handler<>(kind));
            cache.add(informer);
        }
        return cache;
    }

    @SuppressWarnings("unchecked")
    private static <T extends HasMetadata> Map<String, Function<T, List<String>>> indexers(FluxKind kind) {
        return switch (kind) {
            case KUSTOMIZATION -> Map.of(
                    INDEX_SOURCE, t -> sourceIndex((Kustomization) t),
                    INDEX_DEPENDS_ON, t -> dependsOnIndex((Kustomization) t));
            case HELM_RELEASE -> Map.of(INDEX_CHART, t -> List.of(chartIndex((HelmRelease) t)));
            default -> Map.of();
        };
    }

    private static List<String> sourceIndex(Kustomization ks) {
        var ref = ks.getSpec() == null ? null : ks.getSpec().getSourceRef();
        if (ref == null || ref.getKind() == null || ref.getName() == null) {
            return List.of();
        }
        String ns = ref.getNamespace() == null || ref.getNamespace().isBlank()
                ? ks.getMetadata().getNamespace()
                : ref.getNamespace();
        return List.of(ref.getKind() + "/" + ns + "/" + ref.getName());
    }

    private static List<String> dependsOnIndex(Kustomization ks) {
        if (ks.getSpec() == null || ks.getSpec().getDependsOn() == null) {
            return List.of();
        }
        return ks.getSpec().getDependsOn().stream().filter(d -> d.getName() != null)
                .map(d -> (d.getNamespace() == null || d.getNamespace().isBlank()
                        ? ks.getMetadata().getNamespace()
                        : d.getNamespace()) + "/" + d.getName())
                .toList();
    }

    private static String chartIndex(HelmRelease hr) {
        return HelmReleaseReconciler.chartNamespace(hr) + "/" + HelmReleaseReconciler.chartName(hr);
    }

    /** Routes informer events to the work queue: the object itself, and what waits on it. */
    private final class Handler<T extends HasMetadata> implements ResourceEventHandler<T> {

        private final FluxKind kind;

        Handler(FluxKind kind) {
            this.kind = kind;
        }

        @Override
        public void onAdd(T obj) {
            queue.add(keyOf(kind, obj), options.reconcileDelay());
            queueWaiting(obj);
        }

        @Override
        public void onUpdate(T old, T obj) {
            if (needsWork(old, obj)) {
                queue.add(keyOf(kind, obj), options.reconcileDelay());
            }
            queueWaiting(obj);
        }

        @Override
        public void onDelete(T obj, boolean finalStateUnknown) {
            queueWaiting(obj);
            if (kind == FluxKind.HELM_RELEASE) {
                HelmRelease hr = (HelmRelease) obj;
                queue.add(new ObjectKey(FluxKind.HELM_CHART, HelmReleaseReconciler.chartNamespace(hr),
                        HelmReleaseReconciler.chartName(hr)), options.reconcileDelay());
            }
        }

        private void queueWaiting(T obj) {
            String ns = obj.getMetadata().getNamespace();
            String name = obj.getMetadata().getName();
            if (kind.isKustomizationSource()) {
                queueAll(FluxKind.KUSTOMIZATION, caches.kustomizations().byIndex(INDEX_SOURCE,
                        kind.kind + "/" + ns + "/" + name));
            } else if (kind == FluxKind.KUSTOMIZATION) {
                queueAll(FluxKind.KUSTOMIZATION, caches.kustomizations().byIndex(INDEX_DEPENDS_ON, ns + "/" + name));
            } else if (kind == FluxKind.HELM_CHART) {
                queueAll(FluxKind.HELM_RELEASE, caches.helmReleases().byIndex(INDEX_CHART, ns + "/" + name));
            }
        }

        private void queueAll(FluxKind k, Collection<? extends HasMetadata> objects) {
            for (HasMetadata o : objects) {
                queue.add(keyOf(k, o), options.reconcileDelay());
            }
        }
    }

    /**
     * Like Flux's predicates: a new generation, a changed annotation (reconcile request, failure request), deletion or
     * finalizers; a resync (same resourceVersion) too. A status-only change is the stand-in's own write.
     */
    static boolean needsWork(HasMetadata old, HasMetadata obj) {
        if (old == null || Objects.equals(old.getMetadata().getResourceVersion(), obj.getMetadata().getResourceVersion())) {
            return true;
        }
        return !Objects.equals(old.getMetadata().getGeneration(), obj.getMetadata().getGeneration())
                || !Objects.equals(old.getMetadata().getAnnotations(), obj.getMetadata().getAnnotations())
                || !Objects.equals(old.getMetadata().getDeletionTimestamp(), obj.getMetadata().getDeletionTimestamp())
                || !Objects.equals(old.getMetadata().getFinalizers(), obj.getMetadata().getFinalizers());
    }

    private static ObjectKey keyOf(FluxKind kind, HasMetadata obj) {
        return new ObjectKey(kind, obj.getMetadata().getNamespace(), obj.getMetadata().getName());
    }

    private void work(ObjectKey key) {
        cluster.counters.reconciles.incrementAndGet();
        HasMetadata obj = caches.get(key).orElse(null);
        for (int attempt = 1;; attempt++) {
            if (obj == null) {
                return;
            }
            // checked again after a conflict: the write that won may be the one that scripted the object
            if (held.test(obj) || ScriptedStatus.isScripted(obj)) {
                queue.succeeded(key);
                return;
            }
            try {
                Outcome outcome = reconcile(key.kind(), obj);
                if (outcome == Outcome.RETRY) {
                    queue.retry(key);
                } else {
                    queue.succeeded(key);
                }
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= CONFLICT_ATTEMPTS) {
                    throw e;
                }
                cluster.counters.conflicts.incrementAndGet();
                log.debug(key + " changed meanwhile (409): reading it again");
                obj = cluster.fetch(obj);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Outcome reconcile(FluxKind kind, HasMetadata obj) {
        return switch (kind) {
            case KUSTOMIZATION -> kustomizations.reconcile((Kustomization) obj);
            case HELM_RELEASE -> helmReleases.reconcile((HelmRelease) obj);
            default -> {
                sources.reconcile(kind, (CustomResource<?, SourceStatus>) obj);
                yield Outcome.DONE;
            }
        };
    }

    /** Whether an object's {@code spec.suspend} is true. */
    static boolean isSuspended(HasMetadata obj) {
        Boolean suspend;
        if (obj instanceof GitRepository o) {
            suspend = o.getSpec() == null ? null : o.getSpec().getSuspend();
        } else if (obj instanceof Bucket o) {
            suspend = o.getSpec() == null ? null : o.getSpec().getSuspend();
        } else if (obj instanceof OCIRepository o) {
            suspend = o.getSpec() == null ? null : o.getSpec().getSuspend();
        } else if (obj instanceof HelmRepository o) {
            suspend = o.getSpec() == null ? null : o.getSpec().getSuspend();
        } else if (obj instanceof HelmChart o) {
            suspend = o.getSpec() == null ? null : o.getSpec().getSuspend();
        } else if (obj instanceof Kustomization o) {
            suspend = o.getSpec() == null ? null : o.getSpec().getSuspend();
        } else if (obj instanceof HelmRelease o) {
            suspend = o.getSpec() == null ? null : o.getSpec().getSuspend();
        } else {
            suspend = null;
        }
        return Boolean.TRUE.equals(suspend);
    }

    /** The reconcile request this pass handles: the annotation's value when present, else what was handled before. */
    static String handledReconcileAt(HasMetadata obj, FluxStatus current) {
        Map<String, String> annotations = obj.getMetadata().getAnnotations();
        String requested = annotations == null
                ? null
                : annotations.get(FluxConfigConstants.ANNOTATION_RECONCILE_REQUESTED_AT);
        return requested != null ? requested : current == null ? null : current.getLastHandledReconcileAt();
    }

    /** Builder of a {@link FluxStandIn}. */
    public static final class Builder {

        private final KubernetesClient client;
        private final Set<String> namespaces = new LinkedHashSet<>();
        private Duration reconcileDelay = Duration.ZERO;
        private Pattern failUrlPattern = Pattern.compile(DEFAULT_FAIL_URL_PATTERN);
        private boolean finalizers = true;
        private Duration resyncPeriod = Duration.ZERO;
        private Clock clock = Clock.systemUTC();

        private Builder(KubernetesClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /** Watch only these namespaces (may be called again to add more). Default: all namespaces. */
        public Builder namespaces(String... names) {
            return namespaces(List.of(names));
        }

        public Builder namespaces(Collection<String> names) {
            names.stream().filter(n -> n != null && !n.isBlank()).forEach(namespaces::add);
            return this;
        }

        /** Watch every namespace (the default). */
        public Builder allNamespaces() {
            namespaces.clear();
            return this;
        }

        /** Wait this long after an event before working its object. Default 0. */
        public Builder reconcileDelay(Duration delay) {
            if (delay == null || delay.isNegative()) {
                throw new IllegalArgumentException("the reconcile delay must be zero or positive");
            }
            this.reconcileDelay = delay;
            return this;
        }

        /** Source URLs in which this regular expression is found fail authentication. Null or blank: no URL rule. */
        public Builder failUrlPattern(String regex) {
            this.failUrlPattern = regex == null || regex.isBlank() ? null : Pattern.compile(regex);
            return this;
        }

        /** Whether pruning Kustomizations hold Flux's finalizer so deletion prunes what they applied. Default true. */
        public Builder finalizers(boolean use) {
            this.finalizers = use;
            return this;
        }

        /** Informer resync period (every object is worked again, writing nothing when current). Default: none. */
        public Builder resyncPeriod(Duration period) {
            this.resyncPeriod = period == null ? Duration.ZERO : period;
            return this;
        }

        /** The clock for condition and artifact times. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The settings so far. */
        public Options options() {
            return new Options(Set.copyOf(namespaces), reconcileDelay, failUrlPattern, finalizers, resyncPeriod);
        }

        public FluxStandIn build() {
            return new FluxStandIn(client, options(), clock);
        }

        /** Builds and starts. */
        public FluxStandIn start() {
            return build().start();
        }
    }
}
