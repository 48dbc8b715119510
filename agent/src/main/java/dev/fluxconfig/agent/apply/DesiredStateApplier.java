package dev.fluxconfig.agent.apply;

import static dev.fluxconfig.model.FluxConfigConstants.*;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.runtime.ShutdownEvent;

import dev.fluxconfig.agent.config.AgentSettings;
import dev.fluxconfig.agent.dataplane.DataPlaneClient;
import dev.fluxconfig.agent.dataplane.DesiredState;
import dev.fluxconfig.agent.metrics.AgentMetrics;
import dev.fluxconfig.agent.status.StatusWatcher;
import dev.fluxconfig.model.dataplane.DesiredConfigurationMapper;
import dev.fluxconfig.model.dataplane.MappedConfiguration;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.spec.SecretRef;
import dev.fluxconfig.model.validation.FluxConfigValidator;
import dev.fluxconfig.model.validation.KustomizationNameCollisions;
import dev.fluxconfig.model.validation.NameRules;
import dev.fluxconfig.model.validation.ValidationError;

/**
 * Makes the cluster match a well-formed desired list from the poller: valid configurations are applied (protected Secret,
 * then its FluxConfig; never over an object without the agent's mark), invalid ones are refused and reported while their
 * previous FluxConfig stays as it was, and managed FluxConfigs the list no longer names are deleted. Any API failure fails
 * the list, so the poller does not take it as applied and the next poll brings it again.
 * <p>
 * The entries of a list are handled in parallel, at most {@code fluxconfig.agent.apply.concurrency} at a time, each on a
 * worker of its own: a slow or failing entry (even one that throws an {@link Error}) holds only its worker. The order that
 * remains: within one entry, its Secret before its FluxConfig (and the Secret's owner reference after it); the deletions
 * of a list only once every entry of it has been handled (an entry that failed keeps its name from being deleted); the
 * next list only once this one is done. Entries of one list have nothing to wait for from each other: each has its own
 * name, Secret and FluxConfig, and a shared namespace is created by whichever comes first.
 */
@ApplicationScoped
public class DesiredStateApplier {

    public static final String MDC_CORRELATION_ID = "correlationId";
    public static final String MDC_CONFIGURATION = "configuration";
    /** Largest FluxConfig spec the agent writes, in bytes of JSON. */
    public static final int MAX_RESOURCE_BYTES = 512 * 1024;
    /** Largest protected settings (keys and values, UTF-8) the agent writes into a Secret. */
    public static final int MAX_PROTECTED_BYTES = 512 * 1024;

    private static final Logger LOG = Logger.getLogger(DesiredStateApplier.class);
    private static final Outcome UNCHANGED = new Outcome.Unchanged();
    private static final Outcome APPLIED = new Outcome.Applied();

    private final ManagedConfigs configs;
    private final ClusterWriter writer;
    private final Ledger ledger;
    private final StatusWatcher status;
    private final ObjectMapper json;
    private final AgentMetrics metrics;
    private final ExecutorService workers;

    @Inject
    public DesiredStateApplier(ManagedConfigs configs, ClusterWriter writer, Ledger ledger, StatusWatcher status,
            ObjectMapper json, AgentMetrics metrics, AgentSettings settings) {
        this(configs, writer, ledger, status, json, metrics, settings.config().apply().concurrency());
    }

    /** {@code concurrency}: how many entries of a list are handled at once. */
    public DesiredStateApplier(ManagedConfigs configs, ClusterWriter writer, Ledger ledger, StatusWatcher status,
            ObjectMapper json, AgentMetrics metrics, int concurrency) {
        this(configs, writer, ledger, status, json, metrics, workers(concurrency));
    }

    /** {@code workers}: where the entries of a list are handled; its size bounds how many at once. */
    public DesiredStateApplier(ManagedConfigs configs, ClusterWriter writer, Ledger ledger, StatusWatcher status,
            ObjectMapper json, AgentMetrics metrics, ExecutorService workers) {
        this.configs = configs;
        this.metrics = metrics;
        this.writer = writer;
        this.ledger = ledger;
        this.status = status;
        this.json = json;
        this.workers = workers;
    }

    /** A pool of {@code concurrency} daemon threads that go when idle (between polls that bring changes). */
    public static ExecutorService workers(int concurrency) {
        int n = Math.max(1, concurrency);
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(n, n, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "fluxconfig-apply-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    void stop(@Observes ShutdownEvent event) {
        workers.shutdownNow();
    }

    /**
     * Applies one desired list; returns when every entry and deletion of it is done. Called by the poller on its own
     * thread; never by two callers at once.
     */
    public void apply(DesiredState state) throws ApplyException {
        if (!configs.synced()) {
            throw new ApplyException("the FluxConfig cache has not synced with the Kubernetes API yet");
        }
        Set<String> listed = new HashSet<>();
        Map<String, List<ValidationError>> collisions = collisions(state);
        List<DesiredState.Entry> entries = new ArrayList<>();
        List<Future<Outcome>> outcomes = new ArrayList<>();
        for (DesiredState.Entry entry : state.entries()) {
            if (entry.name() == null) {
                LOG.warnf("a configuration without a name was ignored: %s", entry.errors());
                continue;
            }
            String key = entry.namespace() + "/" + entry.name();
            listed.add(key);
            entries.add(entry);
            outcomes.add(submit(() -> handle(entry, collisions.getOrDefault(key, List.of()))));
        }
        List<String> failures = new ArrayList<>();
        // Names whose entry was refused or failed: the data plane still wants them, so their FluxConfig stays wherever it
        // is, even when the broken entry names (or defaults to) another namespace.
        Set<String> kept = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            fold(entries.get(i), outcome(outcomes.get(i)), kept, failures);
        }
        if (state.identified()) {
            deleteUnlisted(listed, kept, failures);
        } else {
            LOG.warn("the desired list has an entry without a name; no configuration is deleted on this poll");
        }
        if (!failures.isEmpty()) {
            throw new ApplyException("not applied: " + String.join("; ", failures));
        }
    }

    private Future<Outcome> submit(java.util.concurrent.Callable<Outcome> task) {
        try {
            return workers.submit(task);
        } catch (RejectedExecutionException e) {
            return java.util.concurrent.CompletableFuture.completedFuture(new Outcome.Failed(e));
        }
    }

    private static Outcome outcome(Future<Outcome> future) throws ApplyException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApplyException("interrupted while applying the desired list");
        } catch (ExecutionException e) {
            return new Outcome.Failed(e.getCause());
        }
    }

    /** One entry, on a worker: its outcome, whatever happens (an exception or an Error becomes {@code Failed}). */
    private Outcome handle(DesiredState.Entry entry, List<ValidationError> collisions) {
        withMdc(entry);
        try {
            return applyOne(entry, collisions);
        } catch (Throwable e) {
            return new Outcome.Failed(e);
        } finally {
            MDC.remove(MDC_CORRELATION_ID);
            MDC.remove(MDC_CONFIGURATION);
        }
    }

    private static void withMdc(DesiredState.Entry entry) {
        MDC.put(MDC_CONFIGURATION, entry.namespace() + "/" + entry.name());
        if (entry.config() != null && entry.config().correlationId() != null) {
            MDC.put(MDC_CORRELATION_ID, entry.config().correlationId());
        }
    }

    /**
     * What an entry's outcome means for the agent: the place where the ledger, the metrics, the reports to the cloud and
     * the list's verdict follow from it. Runs on the caller's thread, in the order of the list.
     */
    private void fold(DesiredState.Entry entry, Outcome outcome, Set<String> kept, List<String> failures) {
        withMdc(entry);
        try {
            if (outcome instanceof Outcome.Applied) {
                if (ledger.clear(entry.name())) {
                    status.publish(entry.name());
                }
            } else if (outcome instanceof Outcome.Refused refused) {
                kept.add(entry.name());
                record(entry, refused);
            } else if (outcome instanceof Outcome.Failed failed) {
                kept.add(entry.name());
                if (failed.cause() instanceof Error e) {
                    internalError(entry, e, failures);
                } else {
                    String why = DataPlaneClient.describe(failed.cause());
                    LOG.warnf("applying configuration %s/%s failed: %s", entry.namespace(), entry.name(), why);
                    failures.add(entry.namespace() + "/" + entry.name() + ": " + why);
                }
            }
        } catch (RuntimeException e) {
            kept.add(entry.name());
            failures.add(entry.namespace() + "/" + entry.name() + ": " + DataPlaneClient.describe(e));
        } finally {
            MDC.remove(MDC_CORRELATION_ID);
            MDC.remove(MDC_CONFIGURATION);
        }
    }

    /** A refusal goes into the ledger; a new one is counted, logged and reported. */
    private void record(DesiredState.Entry entry, Outcome.Refused refused) {
        String operationId = entry.config() == null ? null : entry.config().operationId();
        String correlationId = entry.config() == null ? null : entry.config().correlationId();
        Ledger.Rejection rejection = new Ledger.Rejection(entry.name(), entry.namespace(), operationId, correlationId,
                List.copyOf(refused.errors()), refused.conflict());
        if (!ledger.refused(rejection, refused.heldSettings())) {
            return;
        }
        if (refused.conflict()) {
            String message = refused.errors().get(0).message();
            LOG.warnf("configuration %s/%s not applied: %s", entry.namespace(), entry.name(), message);
            metrics.rejection("conflict");
            writer.warn(refused.inTheWay(), "OwnershipConflict", message);
            status.publish(entry.name());
        } else {
            metrics.rejection("invalid");
            LOG.warnf("configuration %s/%s refused, the cluster keeps its previous state: %s",
                    Ledger.abbreviate(entry.namespace(), 100), Ledger.abbreviate(entry.name(), 100), rejection.message());
            if (reportable(entry.name())) {
                status.publish(entry.name());
            }
        }
    }

    private void internalError(DesiredState.Entry entry, Error e, List<String> failures) {
        LOG.errorf(e instanceof StackOverflowError ? null : e, "handling configuration %s/%s failed (%s); the other "
                + "configurations go on", Ledger.abbreviate(entry.namespace(), 100),
                Ledger.abbreviate(entry.name(), 100), e.getClass().getName());
        try {
            record(entry, new Outcome.Refused(List.of(new ValidationError("properties", "the agent could not handle this "
                    + "configuration (" + e.getClass().getSimpleName() + ")")), null, null));
        } catch (RuntimeException | Error again) {
            failures.add(entry.namespace() + "/" + entry.name() + ": " + e.getClass().getSimpleName());
        }
    }

    /**
     * Generated Kustomization names that two configurations of this list would share in one namespace, by
     * {@code namespace/name}: both are refused and reported, whatever their order in the list.
     */
    private static Map<String, List<ValidationError>> collisions(DesiredState state) {
        Map<String, Map<String, List<String>>> byNamespace = new TreeMap<>();
        for (DesiredState.Entry entry : state.entries()) {
            if (entry.name() == null || entry.namespace() == null || entry.config() == null
                    || entry.config().properties() == null || entry.config().properties().kustomizations() == null) {
                continue;
            }
            byNamespace.computeIfAbsent(entry.namespace(), n -> new TreeMap<>()).put(entry.name(),
                    new ArrayList<>(entry.config().properties().kustomizations().keySet()));
        }
        Map<String, List<ValidationError>> found = new java.util.HashMap<>();
        byNamespace.forEach((ns, configs) -> KustomizationNameCollisions.find(configs)
                .forEach((name, errors) -> found.put(ns + "/" + name, errors)));
        return found;
    }

    /**
     * Handles one entry: decides from the desired state, the cache and what the API server holds, writes what must be
     * written, and says what came of it. It changes nothing of the agent's own state; {@link #fold} does.
     */
    private Outcome applyOne(DesiredState.Entry entry, List<ValidationError> collisions) {
        if (entry.config() == null) {
            return new Outcome.Refused(entry.errors(), null, null);
        }
        MappedConfiguration mapped = DesiredConfigurationMapper.map(entry.config());
        FluxConfig desired = mapped.config();
        String secretName = protectedSettingsSecretName(entry.name());
        Map<String, String> sent = mapped.protectedSettings();
        if (sent == null) {
            sent = ledger.heldSettings(entry.name());
        }
        Map<String, String> known = sent;
        Optional<FluxConfig> current = configs.get(entry.namespace(), entry.name());
        // the FluxConfig names its Secret only when there is one (settings sent now, or written for an earlier version):
        // the controller waits for a named Secret instead of working without its settings
        boolean withSecret = sent != null || current.map(FluxConfig::getSpec)
                .map(spec -> spec.getProtectedSettingsSecretRef() != null).orElse(false);
        desired.getSpec().setProtectedSettingsSecretRef(withSecret ? new SecretRef(secretName) : null);
        if (current.map(c -> c.getMetadata().getDeletionTimestamp() != null && (c.getMetadata().getFinalizers() == null
                || !c.getMetadata().getFinalizers().contains(FINALIZER))).orElse(false)) {
            // the API server takes no new finalizer on an object on its way out
            desired.getMetadata().setFinalizers(null);
        }
        String hash = hash(desired);
        boolean unchanged = current.map(c -> c.getMetadata().getAnnotations())
                .map(a -> hash.equals(a.get(ClusterWriter.ANNOTATION_DESIRED_HASH))).orElse(false);
        if (unchanged && sent == null && ledger.get(entry.name()) == null) {
            return UNCHANGED;
        }
        // a namespace that breaks the rules ("" among them) is refused below; the API cannot even be asked about it
        boolean askable = validNames(entry.name(), entry.namespace());
        Secret secret = askable && (known == null || sent != null) ? writer.secret(entry.namespace(), secretName) : null;
        boolean secretOurs = secret != null && ClusterWriter.ours(secret, entry.name());
        if (known == null) {
            known = secretOurs ? ClusterWriter.data(secret) : Map.of();
        }
        List<ValidationError> errors = new ArrayList<>(mapped.errors());
        errors.addAll(collisions);
        List<ValidationError> tooLarge = sizeErrors(desired, mapped.protectedSettings());
        errors.addAll(tooLarge);
        if (tooLarge.isEmpty()) {
            errors.addAll(FluxConfigValidator.validate(entry.name(), entry.namespace(), desired.getSpec(), known));
        }
        if (!errors.isEmpty()) {
            return new Outcome.Refused(errors, tooLarge.isEmpty() ? mapped.protectedSettings() : null, null);
        }

        // Never write over (or under) what is not ours: a Secret or FluxConfig of that name without the agent's mark stops
        // the whole configuration, before anything of it is written.
        FluxConfig owner = current.orElse(null);
        if (owner == null) {
            // new to this cluster (or not ours): the one read a new configuration costs
            FluxConfig found = writer.read(entry.namespace(), entry.name());
            if (found != null && !ClusterWriter.ours(found)) {
                return conflict(found, "it has no label " + LABEL_MANAGED_BY + "=" + MANAGED_BY_AGENT,
                        mapped.protectedSettings());
            }
            owner = found;
        }
        if (sent != null && secret != null && !secretOurs) {
            return conflict(secret, "it is not labelled " + LABEL_MANAGED_BY + "=" + MANAGED_BY_AGENT + " and "
                    + LABEL_NAME + "=" + entry.name(), mapped.protectedSettings());
        }
        boolean exists = owner != null;
        if (!exists) {
            writer.ensureNamespace(entry.namespace());
        }
        if (!unchanged) {
            desired.getMetadata().setAnnotations(new TreeMap<>(Map.of(ClusterWriter.ANNOTATION_DESIRED_HASH, hash)));
        }
        if (!exists && sent != null) {
            // a new configuration's Secret comes first; make sure the API server takes its FluxConfig before writing it
            try {
                writer.dryRun(desired, false);
            } catch (KubernetesClientException e) {
                if (e.getCode() == 422) {
                    return new Outcome.Refused(invalid(e), sent, null);
                }
                // a server without dry runs (the sandbox's embedded one) cannot tell; the apply below will
                LOG.debugf("dry run of FluxConfig %s/%s not answered: %s", entry.namespace(), entry.name(),
                        DataPlaneClient.describe(e));
            }
        }

        // The Secret before the FluxConfig, so the controller never sees a configuration without its settings. A Secret
        // written before its FluxConfig exists gets its owner reference right after.
        boolean secretWritten = false;
        if (sent != null && (secret == null || !sent.equals(ClusterWriter.data(secret))
                || (owner != null && !ClusterWriter.ownedBy(secret, owner)))) {
            writer.applySecret(entry.name(), entry.namespace(), secretName, sent, owner, secret != null);
            secretWritten = true;
            LOG.infof("applied Secret %s/%s with %d protected settings", entry.namespace(), secretName, sent.size());
        }
        FluxConfig applied = owner;
        if (!unchanged) {
            try {
                applied = writer.apply(desired, exists);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 422) {
                    throw e;
                }
                // The API server's schema refused it: as permanent as a validation error, and reported the same way.
                return new Outcome.Refused(invalid(e), sent, null);
            }
            LOG.infof("applied FluxConfig %s/%s (operation %s)", entry.namespace(), entry.name(),
                    entry.config().operationId());
        }
        boolean ownerMissing = secretWritten ? owner == null : secretOurs && !ClusterWriter.ownedBy(secret, applied);
        if (ownerMissing && applied != null) {
            writer.applySecret(entry.name(), entry.namespace(), secretName,
                    secretWritten ? sent : ClusterWriter.data(secret), applied, true);
        }
        return APPLIED;
    }

    /**
     * An object the configuration needs exists without the agent's mark: the configuration is not applied (its
     * FluxConfig, if any, stays as it was), the object is left untouched, and the conflict is reported to the cloud, as a
     * Warning Event on that object and in the log. The poller asks for the list again while it lasts, so the
     * configuration is applied once the object is gone.
     */
    private static Outcome.Refused conflict(HasMetadata inTheWay, String why, Map<String, String> protectedSettings) {
        String what = inTheWay.getKind() + " " + inTheWay.getMetadata().getNamespace() + "/" + inTheWay.getMetadata().getName();
        String message = what + " exists and was not written by the agent (" + why
                + "); it is left untouched, and the configuration is applied once it is removed";
        return new Outcome.Refused(List.of(new ValidationError("name", message)), protectedSettings, inTheWay);
    }

    /**
     * A configuration the API server would refuse for its size (etcd takes 1.5 MiB per request, a Secret 1 MiB of data)
     * is refused here, before anything of it is written, so that it is reported instead of failing every poll.
     */
    private List<ValidationError> sizeErrors(FluxConfig desired, Map<String, String> protectedSettings) {
        List<ValidationError> errors = new ArrayList<>();
        try {
            int size = json.writeValueAsBytes(desired.getSpec()).length;
            if (size > MAX_RESOURCE_BYTES) {
                errors.add(new ValidationError("properties",
                        "is " + size + " bytes as a FluxConfig; at most " + MAX_RESOURCE_BYTES + " are allowed"));
            }
        } catch (Exception e) {
            errors.add(new ValidationError("properties", "cannot be written as a FluxConfig"));
        }
        if (protectedSettings != null) {
            long size = protectedSettings.entrySet().stream()
                    .mapToLong(e -> utf8Length(e.getKey()) + utf8Length(e.getValue())).sum();
            if (size > MAX_PROTECTED_BYTES) {
                errors.add(new ValidationError("configurationProtectedSettings",
                        "are " + size + " bytes; at most " + MAX_PROTECTED_BYTES + " are allowed"));
            }
        }
        return errors;
    }

    private static long utf8Length(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static List<ValidationError> invalid(KubernetesClientException e) {
        List<ValidationError> errors = new ArrayList<>();
        if (e.getStatus() != null && e.getStatus().getDetails() != null && e.getStatus().getDetails().getCauses() != null) {
            // the API server quotes the refused value (Invalid value: "..."), which may be long or hold a credential: only
            // its verdict is kept, which starts with the field's name
            e.getStatus().getDetails().getCauses().forEach(c -> {
                String field = String.valueOf(c.getField());
                String message = c.getMessage() == null ? "" : c.getMessage();
                int verdict = message.lastIndexOf(field + " in body");
                errors.add(new ValidationError(field, verdict >= 0
                        ? message.substring(verdict + field.length()).strip()
                        : "is invalid (" + c.getReason() + ")"));
            });
        }
        if (errors.isEmpty()) {
            errors.add(new ValidationError("properties", "refused by the Kubernetes API (" + e.getCode() + ")"));
        }
        return errors;
    }

    /**
     * Whether the API can be asked about these names (the naming rules of a configuration and of a namespace; "" breaks
     * them): an entry whose names break them is refused by the validator before anything is read or written.
     */
    private static boolean validNames(String name, String namespace) {
        return reportable(name) && NameRules.checkNamespace(namespace).isEmpty();
    }

    /**
     * Whether a refusal can be reported under this name: the data plane cannot hold a configuration whose name breaks the
     * naming rule, and posting to such a path (a megabyte long, or one the data plane never answers 2xx for) would keep
     * the status reporter retrying forever while real statuses wait.
     */
    public static boolean reportable(String name) {
        return NameRules.checkConfigurationName(name).isEmpty();
    }

    /** Deletes, in parallel, the managed FluxConfigs the list neither names nor keeps. */
    private void deleteUnlisted(Set<String> listed, Set<String> kept, List<String> failures) throws ApplyException {
        List<String> keys = new ArrayList<>();
        List<Future<Outcome>> deletions = new ArrayList<>();
        for (FluxConfig cr : configs.list()) {
            String key = cr.getMetadata().getNamespace() + "/" + cr.getMetadata().getName();
            if (listed.contains(key) || kept.contains(cr.getMetadata().getName())
                    || cr.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            keys.add(key);
            deletions.add(submit(() -> delete(cr, key)));
        }
        for (int i = 0; i < keys.size(); i++) {
            if (outcome(deletions.get(i)) instanceof Outcome.Failed failed) {
                failures.add(keys.get(i) + ": delete failed: " + (failed.cause() instanceof Error
                        ? failed.cause().getClass().getSimpleName()
                        : DataPlaneClient.describe(failed.cause())));
            }
        }
    }

    private Outcome delete(FluxConfig cr, String key) {
        MDC.put(MDC_CONFIGURATION, key);
        if (cr.getSpec() != null && cr.getSpec().getCorrelationId() != null) {
            MDC.put(MDC_CORRELATION_ID, cr.getSpec().getCorrelationId());
        }
        try {
            writer.delete(cr);
            ledger.clear(cr.getMetadata().getName());
            LOG.infof("deleted FluxConfig %s: the data plane no longer lists it", key);
            return APPLIED;
        } catch (Error e) {
            LOG.errorf(e instanceof StackOverflowError ? null : e, "deleting FluxConfig %s failed (%s)", key,
                    e.getClass().getName());
            return new Outcome.Failed(e);
        } catch (RuntimeException e) {
            return new Outcome.Failed(e);
        } finally {
            MDC.remove(MDC_CORRELATION_ID);
            MDC.remove(MDC_CONFIGURATION);
        }
    }

    private String hash(FluxConfig desired) {
        try {
            Map<String, Object> what = new TreeMap<>();
            what.put("labels", desired.getMetadata().getLabels());
            what.put("spec", desired.getSpec());
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(json.writeValueAsString(what).getBytes(StandardCharsets.UTF_8));
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                b.append(String.format("%02x", digest[i]));
            }
            return b.toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot hash the desired FluxConfig", e);
        }
    }

    /** The list could not be applied completely; the message names configurations and causes, never secrets. */
    public static class ApplyException extends Exception {
        public ApplyException(String message) {
            super(message);
        }
    }
}
