package dev.fluxconfig.controller;

import static dev.fluxconfig.model.FluxConfigConstants.*;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
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

import dev.fluxconfig.controller.desired.ApplierRbacDesired;
import dev.fluxconfig.controller.desired.AuthSecretDesired;
import dev.fluxconfig.controller.desired.KustomizationDesired;
import dev.fluxconfig.controller.desired.ProtectedSettings;
import dev.fluxconfig.controller.desired.SourceDesired;
import dev.fluxconfig.controller.desired.SshKeys;
import dev.fluxconfig.model.compliance.ComplianceRollup;
import dev.fluxconfig.model.flux.common.SourceStatus;
import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.source.Bucket;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.flux.source.OCIRepository;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.FluxConfigStatus;
import dev.fluxconfig.model.v1alpha1.spec.ScopeType;
import dev.fluxconfig.model.v1alpha1.status.ComplianceState;
import dev.fluxconfig.model.v1alpha1.status.ObjectStatusDefinition;
import dev.fluxconfig.model.v1alpha1.status.ProvisioningState;
import dev.fluxconfig.model.validation.FluxConfigValidator;
import dev.fluxconfig.model.validation.KustomizationNameCollisions;
import dev.fluxconfig.model.validation.ValidationError;

/**
 * Turns a FluxConfig into Flux objects and rolls their conditions up into its status. It keeps a finalizer because
 * deletion must report progress and wait for Flux to prune what the Kustomizations applied (owner-reference garbage
 * collection alone would do neither, and cannot reach the cluster-scoped binding).
 */
@ControllerConfiguration(name = FluxConfigReconciler.NAME, finalizerName = FINALIZER, fieldManager = MANAGED_BY_CONTROLLER, maxReconciliationInterval = @MaxReconciliationInterval(interval = 10, timeUnit = java.util.concurrent.TimeUnit.MINUTES), informer = @Informer(itemStore = PrunedItemStore.class))
public class FluxConfigReconciler implements Reconciler<FluxConfig>, Cleaner<FluxConfig> {

    public static final String NAME = "fluxconfig";
    static final String READY = "Ready";
    private static final Logger LOG = Logger.getLogger(FluxConfigReconciler.class);
    private static final Duration DELETION_RECHECK = Duration.ofSeconds(5);
    static final String OWNERSHIP_CONFLICT = "OwnershipConflict";
    /** How often a configuration blocked by an object that is not its own looks again. */
    static final Duration CONFLICT_RECHECK = Duration.ofSeconds(30);
    private static final Duration PROTECTED_SETTINGS_RECHECK = Duration.ofSeconds(30);
    /** The longest a Pending configuration's per-object details wait to be written (see {@link #coalesceWindow}). */
    static final Duration STATUS_COALESCE = Duration.ofSeconds(5);

    private final ChildCaches caches = new ChildCaches();
    private final PeerTrigger peers = new PeerTrigger();
    private final RefusedWrites refusals = new RefusedWrites();
    private final ChildApplier applier;
    private final ControllerConfig settings;
    private final KubernetesClient client;
    private final ObjectMapper json = new ObjectMapper();
    private final TenancyPolicy tenancy;

    public FluxConfigReconciler(ChildApplier applier, ControllerConfig settings, KubernetesClient client) {
        this.applier = applier;
        this.settings = settings;
        this.client = client;
        this.tenancy = TenancyPolicy.of(settings);
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
            String name = config.getMetadata().getName();
            String ns = config.getMetadata().getNamespace();
            FluxConfigStatus next = new FluxConfigStatus();
            next.setObservedGeneration(config.getMetadata().getGeneration());
            Optional<String> refused = refusal(config, context);
            if (refused.isPresent()) {
                // nothing is generated for a refused configuration, and what an earlier version of it got is removed
                removeStale(config, Set.of());
                return failed(config, next, "Refused", refused.get());
            }
            if (config.getSpec() == null) {
                return failed(config, next, "ValidationFailed", "spec: is required");
            }
            ProtectedSettings secrets = protectedSettings(config);
            String url = SourceDesired.url(config.getSpec());

            Optional<String> awaited = awaitedSecret(config);
            if (awaited.isPresent()) {
                // the agent writes the Secret first, but a FluxConfig may still arrive before it (or someone deleted it):
                // validating without its settings would report a false failure, and an ssh URL would get a generated key
                String message = "waiting for the protected settings in Secret " + ns + "/" + awaited.get();
                next.setProvisioningState(config.getStatus() == null || config.getStatus().getProvisioningState() == null
                        || config.getStatus().getProvisioningState() == ProvisioningState.CREATING
                                ? ProvisioningState.CREATING
                                : ProvisioningState.UPDATING);
                next.setComplianceState(ComplianceState.PENDING);
                next.setConditions(List.of(condition(READY, "False", "WaitingForProtectedSettings", message)));
                UpdateControl<FluxConfig> control = finish(config, next, "WaitingForProtectedSettings");
                // the Secret's informer brings it as soon as it is written; this is only a backstop
                return control.getScheduleDelay().isPresent()
                        ? control
                        : control.rescheduleAfter(PROTECTED_SETTINGS_RECHECK.toMillis());
            }

            List<ValidationError> errors = new ArrayList<>(FluxConfigValidator.validate(config, secrets.asMap()));
            Map<String, List<ValidationError>> collisions = collisions(context, ns);
            askPeers(config, context, collisions);
            List<ValidationError> collides = collisions.getOrDefault(name, List.of());
            errors.addAll(collides);
            if (!errors.isEmpty()) {
                // the URL is shown only once it passed validation, which refuses credentials in it
                next.setUrl(FluxConfigValidator.redactUrl(url));
                String message = errors.stream().map(ValidationError::toString).collect(Collectors.joining("; "));
                return failed(config, next, collides.size() == errors.size() ? "NameCollision" : "ValidationFailed",
                        message);
            }
            next.setUrl(url);

            Optional<SshKeys.GeneratedKey> generatedKey = generatedKey(config, secrets);
            List<HasMetadata> desired = desired(config, secrets, generatedKey);
            Set<String> wanted = new HashSet<>();
            List<OwnershipConflict> conflicts = new ArrayList<>();
            List<String> refusedWrites = new ArrayList<>();
            Instant retryAt = null;
            for (HasMetadata d : desired) {
                wanted.add(key(d));
                if (d instanceof Kustomization k && conflicts.stream().anyMatch(c -> followsConflict(k, c))) {
                    // it would run on a source this configuration does not control; the conflict is reported already
                    continue;
                }
                Optional<RefusedWrites.Refusal> refusal;
                try {
                    refusal = applyOne(config, d);
                } catch (OwnershipConflict c) {
                    LOG.warnf("%s/%s: %s", ns, name, c.getMessage());
                    conflicts.add(c);
                    continue;
                }
                if (refusal.isPresent()) {
                    refusedWrites
                            .add(d.getKind() + " " + d.getMetadata().getNamespace() + "/" + d.getMetadata().getName() + ": "
                                    + refusal.get().message());
                    retryAt = retryAt == null || refusal.get().retryAt().isBefore(retryAt) ? refusal.get().retryAt() : retryAt;
                }
            }
            removeStale(config, wanted);

            fillStatus(config, next, generatedKey);
            if (!conflicts.isEmpty()) {
                String message = conflicts.stream().map(OwnershipConflict::getMessage).collect(Collectors.joining("; "));
                next.setProvisioningState(ProvisioningState.FAILED);
                next.setErrorMessage(message);
                next.setConditions(List.of(condition(READY, "False", OWNERSHIP_CONFLICT, message)));
                // the object in the way is not in our caches, so its removal brings no event: look again now and then
                UpdateControl<FluxConfig> control = finish(config, next, OWNERSHIP_CONFLICT);
                return control.getScheduleDelay().isPresent()
                        ? control
                        : control.rescheduleAfter(CONFLICT_RECHECK.toMillis());
            }
            if (!refusedWrites.isEmpty()) {
                // reported once (the message does not change while the same objects are refused), retried with backoff
                String message = "the API server refused " + String.join("; ", refusedWrites);
                next.setProvisioningState(ProvisioningState.FAILED);
                next.setErrorMessage(message);
                next.setConditions(List.of(condition(READY, "False", "ApplyRefused", message)));
                UpdateControl<FluxConfig> control = finish(config, next, "ApplyRefused");
                return control.rescheduleAfter(Math.max(1, Duration.between(Instant.now(), retryAt).toMillis()));
            }
            return finish(config, next, "NotCompliant");
        }
    }

    private static boolean followsConflict(Kustomization k, OwnershipConflict c) {
        return k.getSpec().getSourceRef() != null && c.kind().equals(k.getSpec().getSourceRef().getKind())
                && c.name().equals(k.getSpec().getSourceRef().getName());
    }

    private UpdateControl<FluxConfig> failed(FluxConfig config, FluxConfigStatus next, String reason, String message) {
        next.setProvisioningState(ProvisioningState.FAILED);
        next.setErrorMessage(message);
        next.setComplianceState(ComplianceState.UNKNOWN);
        next.setConditions(List.of(condition(READY, "False", reason, message)));
        return finish(config, next, reason);
    }

    /**
     * A failure that is no API error and no broken rule: a bug or an exhausted resource while handling this configuration.
     * The status says so without the exception's text (which may quote input); the log has the details.
     */
    private UpdateControl<FluxConfig> internalError(FluxConfig config, Throwable e) {
        LOG.errorf(e instanceof StackOverflowError ? null : e, "%s/%s: handling this configuration failed (%s); the other "
                + "configurations go on", config.getMetadata().getNamespace(), config.getMetadata().getName(),
                e.getClass().getName());
        FluxConfigStatus next = new FluxConfigStatus();
        next.setObservedGeneration(config.getMetadata().getGeneration());
        return failed(config, next, "InternalError", "the controller could not handle this configuration ("
                + e.getClass().getSimpleName() + "); it tries again on the next change, and at the latest in 10 minutes");
    }

    /** Generated-name collisions among the live configurations of a namespace, from the informer's cache. */
    private static Map<String, List<ValidationError>> collisions(Context<FluxConfig> context, String ns) {
        Map<String, List<String>> names = new java.util.HashMap<>();
        context.getPrimaryCache().list(ns).forEach(c -> {
            if (c.getMetadata().getDeletionTimestamp() == null && c.getSpec() != null
                    && c.getSpec().getKustomizations() != null) {
                names.put(c.getMetadata().getName(), c.getSpec().getKustomizations().stream()
                        .map(k -> k == null ? null : k.getName()).toList());
            }
        });
        return KustomizationNameCollisions.find(names);
    }

    /**
     * Asks for the reconcile of every other configuration of the namespace whose status does not yet show its collisions
     * as they are now (a new collision, or one that is gone); those that already do are left alone, so two colliding
     * configurations do not wake each other forever.
     */
    private void askPeers(FluxConfig config, Context<FluxConfig> context, Map<String, List<ValidationError>> collisions) {
        context.getPrimaryCache().list(config.getMetadata().getNamespace()).forEach(peer -> {
            if (peer.getMetadata().getName().equals(config.getMetadata().getName())
                    || peer.getMetadata().getDeletionTimestamp() != null) {
                return;
            }
            String shown = peer.getStatus() == null ? null : peer.getStatus().getErrorMessage();
            List<ValidationError> expected = collisions.getOrDefault(peer.getMetadata().getName(), List.of());
            boolean upToDate = expected.isEmpty()
                    ? shown == null || !shown.contains(COLLISION_MARK)
                    : shown != null && expected.stream().allMatch(e -> shown.contains(e.toString()));
            if (!upToDate) {
                peers.reconcile(peer);
            }
        });
    }

    /** Words every collision message has (see {@link KustomizationNameCollisions}). */
    private static final String COLLISION_MARK = "is also generated by configuration";

    /**
     * Why the controller does not honour this configuration: the settings of {@link TenancyPolicy}, or a namespace-scoped
     * configuration beside a cluster-scoped one. Any object in a namespace may name any ServiceAccount of that namespace
     * (a HelmRelease's serviceAccountName, a token Secret), so a namespace-scoped applier there could act as the
     * cluster-scoped one; such a namespace holds cluster-scoped configurations only.
     */
    private Optional<String> refusal(FluxConfig config, Context<FluxConfig> context) {
        Optional<String> byPolicy = tenancy.refusal(config);
        if (byPolicy.isPresent() || config.getSpec() == null) {
            return byPolicy;
        }
        String ns = config.getMetadata().getNamespace();
        List<FluxConfig> clusterScoped = context.getPrimaryCache()
                .list(ns, c -> c.getSpec() != null && c.getSpec().getScope() == ScopeType.CLUSTER
                        && c.getMetadata().getDeletionTimestamp() == null && tenancy.refusal(c).isEmpty())
                .toList();
        if (config.getSpec().getScope() == ScopeType.NAMESPACE && !clusterScoped.isEmpty()) {
            return Optional.of("namespace " + ns + " holds the cluster-scoped configuration "
                    + clusterScoped.get(0).getMetadata().getName() + ", whose applier any object in the namespace could "
                    + "use; put namespace-scoped configurations in a namespace without cluster-scoped ones");
        }
        if (config.getSpec().getScope() == ScopeType.CLUSTER) {
            // namespace-scoped configurations here lose their grants now; their own reconcile (triggered by the
            // deletion) then refuses them
            context.getPrimaryCache().list(ns, c -> c.getSpec() != null && c.getSpec().getScope() == ScopeType.NAMESPACE)
                    .forEach(this::removeGrants);
        }
        return Optional.empty();
    }

    private void removeGrants(FluxConfig config) {
        String name = config.getMetadata().getName();
        String ns = config.getMetadata().getNamespace();
        for (Class<? extends HasMetadata> kind : List.of(RoleBinding.class, ServiceAccount.class)) {
            for (HasMetadata grant : caches.generatedFor(kind, name, ns)) {
                if (!ChildApplier.owns(config, grant)) {
                    continue;
                }
                LOG.infof("deleting %s %s/%s: a cluster-scoped configuration shares its namespace", grant.getKind(), ns,
                        grant.getMetadata().getName());
                applier.delete(grant);
            }
        }
    }

    /** The desired objects of a valid configuration, in apply order. */
    List<HasMetadata> desired(FluxConfig config, ProtectedSettings secrets, Optional<SshKeys.GeneratedKey> generatedKey) {
        boolean multiTenancy = settings.multiTenancy().enforce();
        List<HasMetadata> desired = new ArrayList<>();
        if (multiTenancy) {
            desired.add(ApplierRbacDesired.serviceAccount(config));
            desired.addAll(ApplierRbacDesired.grants(config, settings.tenancy().namespaceRole()));
        }
        Optional<Secret> auth = AuthSecretDesired.desired(config, secrets, generatedKey);
        auth.ifPresent(desired::add);
        Optional<Secret> tls = AuthSecretDesired.desiredTls(config, secrets);
        tls.ifPresent(desired::add);
        String secretRef = AuthSecretDesired.secretRefName(config, secrets).orElse(null);
        desired.add(SourceDesired.desired(config, secretRef, tls.map(s -> s.getMetadata().getName()).orElse(null)));
        desired.addAll(KustomizationDesired.desired(config, multiTenancy));
        return desired;
    }

    /** Applies one generated object; returns the refusal when the API server refused it (now or still in backoff). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Optional<RefusedWrites.Refusal> applyOne(FluxConfig config, HasMetadata desired) {
        Class kind = desired.getClass();
        HasMetadata actual = (HasMetadata) caches.get(kind, desired.getMetadata().getNamespace(),
                desired.getMetadata().getName()).orElse(null);
        String key = refusalKey(config) + key(desired);
        int content = json.valueToTree(desired).hashCode();
        Optional<RefusedWrites.Refusal> holding = refusals.holding(key, content, Instant.now());
        if (holding.isPresent()) {
            return holding;
        }
        HasMetadata stored;
        try {
            stored = applier.apply(desired, actual, settings.fieldManager());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 400 && e.getCode() != 422) {
                throw e;
            }
            String message = e.getStatus() != null && e.getStatus().getMessage() != null
                    ? e.getStatus().getMessage()
                    : e.getMessage();
            RefusedWrites.Refusal r = refusals.refused(key, content, message, Instant.now());
            LOG.warnf("%s %s/%s refused by the API server (%d), next attempt in %ds unless it changes: %s",
                    desired.getKind(), desired.getMetadata().getNamespace(), desired.getMetadata().getName(), e.getCode(),
                    Duration.between(Instant.now(), r.retryAt()).toSeconds(), message);
            return Optional.of(r);
        }
        refusals.accepted(key);
        if (stored != actual) {
            caches.written(actual, stored);
            LOG.debugf("applied %s %s/%s", desired.getKind(), desired.getMetadata().getNamespace(),
                    desired.getMetadata().getName());
        }
        return Optional.empty();
    }

    private static String refusalKey(FluxConfig config) {
        return config.getMetadata().getNamespace() + "/" + config.getMetadata().getName() + ":";
    }

    private void removeStale(FluxConfig config, Set<String> wanted) {
        for (Class<? extends HasMetadata> kind : ChildCaches.GENERATED) {
            for (HasMetadata actual : caches.generatedFor(kind, config.getMetadata().getName(),
                    config.getMetadata().getNamespace())) {
                if (!wanted.contains(key(actual)) && ChildApplier.owns(config, actual)) {
                    LOG.infof("deleting %s %s/%s: no longer part of the configuration", actual.getKind(),
                            actual.getMetadata().getNamespace(), actual.getMetadata().getName());
                    applier.delete(actual);
                }
            }
        }
    }

    private static String key(HasMetadata o) {
        return o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
    }

    /**
     * The protected-settings Secret the spec names when it is not (yet) there. The agent names one only when it has
     * protected settings to write; without a reference the default-named Secret is read when present.
     */
    private Optional<String> awaitedSecret(FluxConfig config) {
        var ref = config.getSpec().getProtectedSettingsSecretRef();
        if (ref == null || ref.getName() == null) {
            return Optional.empty();
        }
        return caches.protectedSecret(config.getMetadata().getNamespace(), ref.getName()).isPresent()
                ? Optional.empty()
                : Optional.of(ref.getName());
    }

    private ProtectedSettings protectedSettings(FluxConfig config) {
        String secretName = config.getSpec().getProtectedSettingsSecretRef() != null
                ? config.getSpec().getProtectedSettingsSecretRef().getName()
                : protectedSettingsSecretName(config.getMetadata().getName());
        return caches.protectedSecret(config.getMetadata().getNamespace(), secretName).map(ProtectedSettings::fromSecret)
                .orElse(ProtectedSettings.NONE);
    }

    /** The generated key pair for an ssh URL without a key: the one already stored, or a new one once. */
    private Optional<SshKeys.GeneratedKey> generatedKey(FluxConfig config, ProtectedSettings secrets) {
        if (config.getSpec().getGitRepository() == null || !AuthSecretDesired.needsGeneratedKey(config.getSpec(), secrets)) {
            return Optional.empty();
        }
        Secret current = caches.get(Secret.class, config.getMetadata().getNamespace(),
                authSecretName(config.getMetadata().getName())).orElse(null);
        Optional<SshKeys.GeneratedKey> kept = AuthSecretDesired.existingGeneratedKey(current);
        if (kept.isPresent()) {
            return kept;
        }
        LOG.infof("generating an SSH key pair for %s/%s", config.getMetadata().getNamespace(),
                config.getMetadata().getName());
        return Optional.of(SshKeys.generate(config.getMetadata().getNamespace() + "/" + config.getMetadata().getName()));
    }

    private void fillStatus(FluxConfig config, FluxConfigStatus next, Optional<SshKeys.GeneratedKey> generatedKey) {
        String name = config.getMetadata().getName();
        String ns = config.getMetadata().getNamespace();
        List<ObjectStatusDefinition> statuses = new ArrayList<>();
        String sourceKind = SourceDesired.fluxKind(config.getSpec().getSourceKind());
        HasMetadata source = caches.get(SourceDesired.fluxClass(config.getSpec().getSourceKind()), ns, sourceName(name))
                .orElse(null);
        SourceStatus sourceStatus = sourceStatus(source);
        statuses.add(StatusAggregator.objectStatus(sourceKind, sourceName(name), ns, source, sourceStatus,
                config.getSpec().getSuspend(), null));
        if (sourceStatus != null && sourceStatus.getArtifact() != null) {
            next.setSourceSyncedCommitId(sourceStatus.getArtifact().getRevision());
            next.setSourceUpdatedAt(sourceStatus.getArtifact().getLastUpdateTime());
        }
        List<ObjectStatusDefinition> applied = new ArrayList<>();
        for (var def : config.getSpec().getKustomizations()) {
            String kName = kustomizationName(name, def.getName());
            Kustomization k = caches.get(Kustomization.class, ns, kName).orElse(null);
            statuses.add(StatusAggregator.objectStatus("Kustomization", kName, ns, k, k == null ? null : k.getStatus(),
                    k == null ? null : k.getSpec().getSuspend(), null));
            if (k != null) {
                applied.addAll(StatusAggregator.inventoryStatuses(k, caches));
            }
        }
        statuses.addAll(applied);
        next.setStatuses(statuses);
        generatedKey.ifPresent(key -> next.setRepositoryPublicKey(key.publicKey()));
        next.setProvisioningState(ProvisioningState.SUCCEEDED);
        ComplianceState state = Boolean.TRUE.equals(config.getSpec().getSuspend())
                ? ComplianceState.SUSPENDED
                : ComplianceRollup.configState(statuses.stream().map(ObjectStatusDefinition::getComplianceState).toList());
        next.setComplianceState(state);
        if (state == ComplianceState.COMPLIANT) {
            next.setConditions(List.of(condition(READY, "True", "Compliant", "every object is ready")));
        } else {
            String why = statuses.stream().filter(s -> s.getComplianceState() == state).findFirst()
                    .map(s -> s.getKind() + " " + s.getNamespace() + "/" + s.getName() + ": "
                            + s.getStatusConditions().stream().filter(c -> READY.equals(c.getType()))
                                    .map(c -> c.getReason() + " " + c.getMessage()).findFirst().orElse("not reconciled yet"))
                    .orElse(state.value());
            next.setConditions(List.of(condition(READY, "False", state.name().charAt(0)
                    + state.name().substring(1).toLowerCase().replace("_c", "C"), why)));
        }
    }

    private static SourceStatus sourceStatus(HasMetadata source) {
        if (source instanceof GitRepository g) {
            return g.getStatus();
        }
        if (source instanceof Bucket b) {
            return b.getStatus();
        }
        if (source instanceof OCIRepository o) {
            return o.getStatus();
        }
        return null;
    }

    /** Patches status only when something but its timestamps changed; emits a warning event when it turns bad. */
    private UpdateControl<FluxConfig> finish(FluxConfig config, FluxConfigStatus next, String warningReason) {
        FluxConfigStatus previous = config.getStatus();
        if (previous != null && comparable(previous).equals(comparable(next))) {
            return UpdateControl.noUpdate();
        }
        Optional<Duration> coalesce = coalesceWindow(previous, next, Instant.now());
        if (coalesce.isPresent()) {
            // only the details of a still-Pending configuration moved: one write when the window ends, not one per child
            return UpdateControl.<FluxConfig>noUpdate().rescheduleAfter(coalesce.get().toMillis());
        }
        keepTransitionTimes(previous, next);
        next.setStatusUpdatedAt(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        applier.countStatusWrite();
        if (next.getProvisioningState() == ProvisioningState.FAILED
                || next.getComplianceState() == ComplianceState.NON_COMPLIANT) {
            String message = next.getErrorMessage() != null
                    ? next.getErrorMessage()
                    : next.getConditions().get(0).getMessage();
            Events.warning(client, config, warningReason, message);
        }
        LOG.infof("%s/%s: provisioning %s, compliance %s", config.getMetadata().getNamespace(),
                config.getMetadata().getName(), next.getProvisioningState(), next.getComplianceState());
        return UpdateControl.patchStatus(statusOnly(config, next));
    }

    /**
     * How long to hold back a status write, when it only refines a Pending status written less than
     * {@link #STATUS_COALESCE} ago (the per-object details of a configuration whose children are becoming Ready one by
     * one). The compliance and provisioning states are never held back: a change of either is written at once.
     */
    static Optional<Duration> coalesceWindow(FluxConfigStatus previous, FluxConfigStatus next, Instant now) {
        if (previous == null || previous.getStatusUpdatedAt() == null
                || previous.getComplianceState() != ComplianceState.PENDING
                || next.getComplianceState() != ComplianceState.PENDING
                || previous.getProvisioningState() != next.getProvisioningState()
                || !Objects.equals(previous.getObservedGeneration(), next.getObservedGeneration())) {
            return Optional.empty();
        }
        Instant written;
        try {
            written = Instant.parse(previous.getStatusUpdatedAt());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        Duration left = Duration.between(now, written.plus(STATUS_COALESCE));
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    private String comparable(FluxConfigStatus status) {
        var tree = json.valueToTree(status);
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree).remove("statusUpdatedAt");
        tree.path("conditions").forEach(c -> ((com.fasterxml.jackson.databind.node.ObjectNode) c).remove("lastTransitionTime"));
        return tree.toString();
    }

    private static void keepTransitionTimes(FluxConfigStatus previous, FluxConfigStatus next) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        for (Condition c : next.getConditions()) {
            String kept = previous == null
                    ? null
                    : previous.getConditions().stream()
                            .filter(p -> p.getType().equals(c.getType()) && p.getStatus().equals(c.getStatus()))
                            .map(Condition::getLastTransitionTime).findFirst().orElse(null);
            c.setLastTransitionTime(kept != null ? kept : now);
        }
    }

    static Condition condition(String type, String status, String reason, String message) {
        return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message).build();
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
        FluxConfigStatus next = config.getStatus() == null ? new FluxConfigStatus() : config.getStatus();
        String message = "applying the Flux objects failed: " + cause;
        if (message.equals(next.getErrorMessage())) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        next.setProvisioningState(ProvisioningState.FAILED);
        next.setErrorMessage(message);
        next.setConditions(List.of(condition(READY, "False", "ApplyFailed", message)));
        keepTransitionTimes(null, next);
        next.setStatusUpdatedAt(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        applier.countStatusWrite();
        Events.warning(client, config, "ApplyFailed", message);
        return ErrorStatusUpdateControl.patchStatus(statusOnly(config, next));
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
                // a configuration that collided with this one is free again
                askPeers(config, context, collisions(context, config.getMetadata().getNamespace()));
            } catch (RuntimeException e) {
                LOG.warnf("%s/%s: could not look for colliding configurations: %s", config.getMetadata().getNamespace(),
                        config.getMetadata().getName(), e.toString());
            }
            String name = config.getMetadata().getName();
            String ns = config.getMetadata().getNamespace();
            List<String> remaining = new ArrayList<>();
            for (Class<? extends HasMetadata> kind : ChildCaches.GENERATED) {
                for (HasMetadata child : caches.generatedFor(kind, name, ns)) {
                    if (!ChildApplier.owns(config, child)) {
                        // labelled as ours but not controlled by this FluxConfig: never delete what is not ours
                        continue;
                    }
                    applier.delete(child);
                    remaining.add(child.getKind() + " " + child.getMetadata().getName());
                }
            }
            if (remaining.isEmpty()) {
                refusals.forget(refusalKey(config));
                LOG.infof("%s/%s: every generated object is gone; removing the finalizer", ns, name);
                return DeleteControl.defaultDelete();
            }
            String message = "waiting for " + remaining.size() + " generated objects to be deleted: "
                    + String.join(", ", remaining);
            if (config.getStatus() == null || config.getStatus().getProvisioningState() != ProvisioningState.DELETING
                    || !message.equals(config.getStatus().getConditions().isEmpty()
                            ? null
                            : config.getStatus().getConditions().get(0).getMessage())) {
                patchDeletingStatus(config, message);
            }
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(DELETION_RECHECK);
        }
    }

    /**
     * The object whose status is server-side applied: name, namespace and status only. No spec, so the controller never
     * becomes a manager of spec fields (which would stop the agent from removing them), and no resource version, since the
     * status is the controller's alone.
     */
    static FluxConfig statusOnly(FluxConfig config, FluxConfigStatus status) {
        FluxConfig patch = new FluxConfig();
        patch.setMetadata(new ObjectMetaBuilder().withName(config.getMetadata().getName())
                .withNamespace(config.getMetadata().getNamespace()).withUid(config.getMetadata().getUid()).build());
        patch.setStatus(status);
        return patch;
    }

    private void patchDeletingStatus(FluxConfig config, String message) {
        FluxConfigStatus status = config.getStatus() == null ? new FluxConfigStatus() : config.getStatus();
        status.setProvisioningState(ProvisioningState.DELETING);
        status.setConditions(List.of(condition(READY, "False", "Deleting", message)));
        keepTransitionTimes(null, status);
        status.setStatusUpdatedAt(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        FluxConfig patch = statusOnly(config, status);
        try {
            applier.countStatusWrite();
            client.resource(patch).subresource("status").patch(new PatchContext.Builder()
                    .withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager(MANAGED_BY_CONTROLLER).withForce(true)
                    .build());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
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

    /** For tests: the labels a generated object must carry. */
    static Map<String, String> labelsFor(FluxConfig config) {
        return dev.fluxconfig.controller.desired.ChildLabels.of(config);
    }
}
