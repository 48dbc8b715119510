package dev.fluxconfig.controller;

import static dev.fluxconfig.model.FluxConfigConstants.*;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;

import dev.fluxconfig.controller.desired.SshKeys;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.FluxConfigStatus;
import dev.fluxconfig.model.v1alpha1.status.ComplianceState;
import dev.fluxconfig.model.v1alpha1.status.ProvisioningState;
import dev.fluxconfig.model.v1alpha1.status.StatusAggregator;

/**
 * Turns a FluxConfig into Flux objects and rolls their conditions up into its status, as a short pipeline: validate
 * ({@link ConfigValidation}), apply the children ({@link Children}), roll their conditions up ({@link ObjectStatuses},
 * {@link StatusAggregator}) and write the status ({@link StatusWriter}). It keeps a finalizer because
 * deletion must report progress and wait for Flux to prune what the Kustomizations applied (owner-reference garbage
 * collection alone would do neither, and cannot reach the cluster-scoped binding).
 */
@ControllerConfiguration(name = FluxConfigReconciler.NAME, finalizerName = FINALIZER, fieldManager = MANAGED_BY_CONTROLLER, maxReconciliationInterval = @MaxReconciliationInterval(interval = 10, timeUnit = java.util.concurrent.TimeUnit.MINUTES), informer = @Informer(itemStore = PrunedItemStore.class))
public class FluxConfigReconciler implements Reconciler<FluxConfig>, Cleaner<FluxConfig> {

    public static final String NAME = "fluxconfig";
    private static final Logger LOG = Logger.getLogger(FluxConfigReconciler.class);
    private static final Duration DELETION_RECHECK = Duration.ofSeconds(5);
    static final String OWNERSHIP_CONFLICT = "OwnershipConflict";
    /** How often a configuration blocked by an object that is not its own looks again. */
    static final Duration CONFLICT_RECHECK = Duration.ofSeconds(30);
    private static final Duration PROTECTED_SETTINGS_RECHECK = Duration.ofSeconds(30);

    private final ChildCaches caches = new ChildCaches();
    private final PeerTrigger peers = new PeerTrigger();
    private final Children children;
    private final ConfigValidation validation;
    private final ObjectStatuses objectStatuses = new ObjectStatuses(caches);
    private final StatusWriter writer;

    public FluxConfigReconciler(ChildApplier applier, ControllerConfig settings, KubernetesClient client) {
        this.children = new Children(caches, applier, settings);
        this.validation = new ConfigValidation(caches, children, peers, TenancyPolicy.of(settings));
        this.writer = new StatusWriter(applier, client);
    }

    @Override
    public List<EventSource<?, FluxConfig>> prepareEventSources(EventSourceContext<FluxConfig> context) {
        List<EventSource<?, FluxConfig>> all = new ArrayList<>(caches.create(context));
        all.add(peers);
        return all;
    }

    /**
     * Reconciles one configuration. Whatever goes wrong in it (an Error too, a StackOverflowError from anywhere) ends as
     * this configuration's Failed status: the others go on, and its deletion does not depend on it. API failures are
     * thrown on, for the SDK to retry them ({@link #updateErrorStatus}).
     */
    @Override
    public UpdateControl<FluxConfig> reconcile(FluxConfig config, Context<FluxConfig> context) {
        try {
            return reconcileOne(config, context);
        } catch (Throwable e) {
            if (e instanceof RuntimeException re && apiError(re) != null) {
                throw re;
            }
            try {
                return internalError(config, e);
            } catch (Throwable again) {
                if (again instanceof RuntimeException re && apiError(re) != null) {
                    throw re;
                }
                LOG.errorf("%s/%s: cannot even report the failure (%s)", config.getMetadata().getNamespace(),
                        config.getMetadata().getName(), again.getClass().getName());
                return UpdateControl.<FluxConfig>noUpdate().rescheduleAfter(DELETION_RECHECK.toMillis() * 12);
            }
        }
    }

    private UpdateControl<FluxConfig> reconcileOne(FluxConfig config, Context<FluxConfig> context) {
        try (var ignored = correlation(config)) {
            StatusAggregator status = StatusAggregator.fresh(config.getStatus(), config.getMetadata().getGeneration());
            ConfigValidation.Verdict verdict = validation.check(config, context);
            if (verdict instanceof ConfigValidation.Refused refused) {
                // nothing is generated for a refused configuration, and what an earlier version of it got is removed
                children.removeStale(config, Set.of());
                return failed(config, status, "Refused", refused.message());
            }
            if (verdict instanceof ConfigValidation.Invalid invalid) {
                status.status().setUrl(invalid.url());
                return failed(config, status, invalid.reason(), invalid.message());
            }
            if (verdict instanceof ConfigValidation.Waiting waiting) {
                // the agent writes the Secret first, but a FluxConfig may still arrive before it (or someone deleted it):
                // validating without its settings would report a false failure, and an ssh URL would get a generated key
                FluxConfigStatus previous = config.getStatus();
                status.status().setProvisioningState(previous == null || previous.getProvisioningState() == null
                        || previous.getProvisioningState() == ProvisioningState.CREATING
                                ? ProvisioningState.CREATING
                                : ProvisioningState.UPDATING);
                status.status().setComplianceState(ComplianceState.PENDING);
                status.notReady("WaitingForProtectedSettings", "waiting for the protected settings in Secret "
                        + config.getMetadata().getNamespace() + "/" + waiting.secretName());
                // the Secret's informer brings it as soon as it is written; this is only a backstop
                return atLeastEvery(writer.write(config, status, "WaitingForProtectedSettings"), PROTECTED_SETTINGS_RECHECK);
            }
            ConfigValidation.Valid valid = (ConfigValidation.Valid) verdict;
            status.status().setUrl(valid.url());

            Optional<SshKeys.GeneratedKey> generatedKey = children.generatedKey(config, valid.secrets());
            Children.Applied applied = children.apply(config, children.desired(config, valid.secrets(), generatedKey));
            objectStatuses.fill(config, status);
            generatedKey.ifPresent(key -> status.status().setRepositoryPublicKey(key.publicKey()));
            if (!applied.conflicts().isEmpty()) {
                status.failed(OWNERSHIP_CONFLICT,
                        applied.conflicts().stream().map(OwnershipConflict::getMessage).collect(Collectors.joining("; ")));
                // the object in the way is not in our caches, so its removal brings no event: look again now and then
                return atLeastEvery(writer.write(config, status, OWNERSHIP_CONFLICT), CONFLICT_RECHECK);
            }
            if (!applied.refused().isEmpty()) {
                // reported once (the message does not change while the same objects are refused), retried with backoff
                status.failed("ApplyRefused", "the API server refused " + String.join("; ", applied.refused()));
                return writer.write(config, status, "ApplyRefused").rescheduleAfter(
                        Math.max(1, Duration.between(Instant.now(), applied.retryAt()).toMillis()));
            }
            return writer.write(config, status, "NotCompliant");
        }
    }

    /** The control, rescheduled after {@code backstop} unless it is rescheduled already. */
    private static UpdateControl<FluxConfig> atLeastEvery(UpdateControl<FluxConfig> control, Duration backstop) {
        return control.getScheduleDelay().isPresent() ? control : control.rescheduleAfter(backstop.toMillis());
    }

    private UpdateControl<FluxConfig> failed(FluxConfig config, StatusAggregator status, String reason, String message) {
        status.status().setComplianceState(ComplianceState.UNKNOWN);
        status.failed(reason, message);
        return writer.write(config, status, reason);
    }

    /**
     * A failure that is no API error and no broken rule: a bug or an exhausted resource while handling this configuration.
     * The status says so without the exception's text (which may quote input); the log has the details.
     */
    private UpdateControl<FluxConfig> internalError(FluxConfig config, Throwable e) {
        LOG.errorf(e instanceof StackOverflowError ? null : e, "%s/%s: handling this configuration failed (%s); the other "
                + "configurations go on", config.getMetadata().getNamespace(), config.getMetadata().getName(),
                e.getClass().getName());
        return failed(config, StatusAggregator.fresh(config.getStatus(), config.getMetadata().getGeneration()),
                "InternalError", "the controller could not handle this configuration (" + e.getClass().getSimpleName()
                        + "); it tries again on the next change, and at the latest in 10 minutes");
    }

    @Override
    public ErrorStatusUpdateControl<FluxConfig> updateErrorStatus(FluxConfig config, Context<FluxConfig> context,
            Exception e) {
        // the Operator SDK wraps what reconcile throws (OperatorException): the API's answer is further down the chain
        KubernetesClientException api = apiError(e);
        if (api != null && api.getCode() == 409) {
            // a concurrent change; the retry reads the newer version, nothing is wrong with the configuration
            LOG.warnf("%s/%s: conflict (API server answered 409), will retry with the newer version: %s",
                    config.getMetadata().getNamespace(), config.getMetadata().getName(),
                    api.getStatus() != null ? api.getStatus().getMessage() : api.getMessage());
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        Throwable shown = api != null ? api : e;
        String cause = api != null && api.getStatus() != null
                ? "API server answered " + api.getCode() + ": " + api.getStatus().getMessage()
                : shown.getClass().getSimpleName() + ": " + shown.getMessage();
        LOG.warnf("%s/%s: reconciliation failed, will retry: %s", config.getMetadata().getNamespace(),
                config.getMetadata().getName(), cause);
        StatusAggregator status = StatusAggregator.keeping(config.getStatus())
                .failed("ApplyFailed", "applying the Flux objects failed: " + cause);
        return writer.writeError(config, status, "ApplyFailed");
    }

    /** The first KubernetesClientException in the cause chain, or null. */
    static KubernetesClientException apiError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof KubernetesClientException kce) {
                return kce;
            }
        }
        return null;
    }

    /** Deletion never depends on the configuration being valid; an Error here is retried, not fatal to the thread. */
    @Override
    public DeleteControl cleanup(FluxConfig config, Context<FluxConfig> context) {
        try {
            return cleanupOne(config, context);
        } catch (Throwable e) {
            if (e instanceof RuntimeException re && apiError(re) != null) {
                throw re;
            }
            LOG.errorf(e instanceof StackOverflowError ? null : e, "%s/%s: deleting failed (%s), will retry",
                    config.getMetadata().getNamespace(), config.getMetadata().getName(), e.getClass().getName());
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(DELETION_RECHECK);
        }
    }

    private DeleteControl cleanupOne(FluxConfig config, Context<FluxConfig> context) {
        try (var ignored = correlation(config)) {
            try {
                validation.deleted(config, context);
            } catch (RuntimeException e) {
                LOG.warnf("%s/%s: could not look for colliding configurations: %s", config.getMetadata().getNamespace(),
                        config.getMetadata().getName(), e.toString());
            }
            List<String> remaining = children.deleteAll(config);
            if (remaining.isEmpty()) {
                writer.forget(config);
                LOG.infof("%s/%s: every generated object is gone; removing the finalizer",
                        config.getMetadata().getNamespace(), config.getMetadata().getName());
                return DeleteControl.defaultDelete();
            }
            writer.writeDeleting(config, StatusAggregator.keeping(config.getStatus()).deleting("waiting for "
                    + remaining.size() + " generated objects to be deleted: " + String.join(", ", remaining)));
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(DELETION_RECHECK);
        }
    }

    private static AutoCloseable correlationScope(String id) {
        if (id == null) {
            return () -> {
            };
        }
        MDC.put("correlationId", id);
        return () -> MDC.remove("correlationId");
    }

    private static SafeCloseable correlation(FluxConfig config) {
        String id = config.getSpec() == null ? null : config.getSpec().getCorrelationId();
        AutoCloseable scope = correlationScope(id);
        return () -> {
            try {
                scope.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** An AutoCloseable whose close throws nothing checked. */
    interface SafeCloseable extends AutoCloseable {
        @Override
        void close();
    }
}
