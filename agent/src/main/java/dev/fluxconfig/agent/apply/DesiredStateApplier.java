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
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;

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
 * Makes the cluster match a well-formed desired list from the {@code desired-state} channel: valid configurations are
 * applied (protected Secret, then its FluxConfig; never over an object without the agent's mark), invalid ones are
 * refused and reported while their previous FluxConfig stays as it was, and managed FluxConfigs the list no longer names
 * are deleted. Any API failure fails the message, so the poller does not take the list as applied and the next poll
 * brings it again.
 */
@ApplicationScoped
public class DesiredStateApplier {

    public static final String CHANNEL = "desired-state";
    public static final String MDC_CORRELATION_ID = "correlationId";
    public static final String MDC_CONFIGURATION = "configuration";
    /** Largest FluxConfig spec the agent writes, in bytes of JSON. */
    public static final int MAX_RESOURCE_BYTES = 512 * 1024;
    /** Largest protected settings (keys and values, UTF-8) the agent writes into a Secret. */
    public static final int MAX_PROTECTED_BYTES = 512 * 1024;

    private static final Logger LOG = Logger.getLogger(DesiredStateApplier.class);

    private final ManagedConfigs configs;
    private final ClusterWriter writer;
    private final Rejections rejections;
    private final StatusWatcher status;
    private final ObjectMapper json;
    private final AgentMetrics metrics;
    /** Protected settings of a refused configuration: the cloud sends them once, so they wait for a valid version. */
    private final Map<String, Map<String, String>> heldSettings = new ConcurrentHashMap<>();

    @Inject
    public DesiredStateApplier(ManagedConfigs configs, ClusterWriter writer, Rejections rejections, StatusWatcher status,
            ObjectMapper json, AgentMetrics metrics) {
        this.configs = configs;
        this.metrics = metrics;
        this.writer = writer;
        this.rejections = rejections;
        this.status = status;
        this.json = json;
    }

    /**
     * Runs on the poller's own thread (the emitter's caller; no Vert.x worker), which keeps applies strictly one after the
     * other and the MDC on a plain thread.
     */
    @Incoming(CHANNEL)
    public void apply(DesiredState state) throws ApplyException {
        if (!configs.synced()) {
            throw new ApplyException("the FluxConfig cache has not synced with the Kubernetes API yet");
        }
        List<String> failures = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        // Names whose entry was refused or failed: the data plane still wants them, so their FluxConfig stays wherever it
        // is, even when the broken entry names (or defaults to) another namespace.
        Set<String> kept = new HashSet<>();
        Map<String, List<ValidationError>> collisions = collisions(state);
        for (DesiredState.Entry entry : state.entries()) {
            if (entry.name() == null) {
                LOG.warnf("a configuration without a name was ignored: %s", entry.errors());
                continue;
            }
            listed.add(entry.namespace() + "/" + entry.name());
            MDC.put(MDC_CONFIGURATION, entry.namespace() + "/" + entry.name());
            if (entry.config() != null && entry.config().correlationId() != null) {
                MDC.put(MDC_CORRELATION_ID, entry.config().correlationId());
            }
            try {
                applyOne(entry, collisions.getOrDefault(entry.namespace() + "/" + entry.name(), List.of()));
                if (rejections.get(entry.name()) != null) {
                    kept.add(entry.name());
                }
            } catch (RuntimeException e) {
                kept.add(entry.name());
                String why = DataPlaneClient.describe(e);
                LOG.warnf("applying configuration %s/%s failed: %s", entry.namespace(), entry.name(), why);
                failures.add(entry.namespace() + "/" + entry.name() + ": " + why);
            } catch (Error e) {
                // a bug or an exhausted resource (a stack overflow on hostile input) while handling this one entry: it
                // is reported Failed and kept as it is, and the other entries and the deletions go on
                kept.add(entry.name());
                internalError(entry, e, failures);
            } finally {
                MDC.remove(MDC_CORRELATION_ID);
                MDC.remove(MDC_CONFIGURATION);
            }
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

    private void internalError(DesiredState.Entry entry, Error e, List<String> failures) {
        LOG.errorf(e instanceof StackOverflowError ? null : e, "handling configuration %s/%s failed (%s); the other "
                + "configurations go on", Rejections.abbreviate(entry.namespace(), 100),
                Rejections.abbreviate(entry.name(), 100), e.getClass().getName());
        try {
            refuse(entry.name(), entry.namespace(), entry.config() == null ? null : entry.config().operationId(),
                    entry.config() == null ? null : entry.config().correlationId(),
                    List.of(new ValidationError("properties", "the agent could not handle this configuration ("
                            + e.getClass().getSimpleName() + ")")));
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

    private void applyOne(DesiredState.Entry entry, List<ValidationError> collisions) {
        if (entry.config() == null) {
            refuse(entry.name(), entry.namespace(), null, null, entry.errors());
            return;
        }
        MappedConfiguration mapped = DesiredConfigurationMapper.map(entry.config());
        FluxConfig desired = mapped.config();
        String secretName = protectedSettingsSecretName(entry.name());
        Map<String, String> sent = mapped.protectedSettings();
        if (sent == null) {
            sent = heldSettings.get(entry.name());
        }
        Map<String, String> known = sent;
        Optional<FluxConfig> current = configs.get(entry.namespace(), entry.name());
        // the FluxConfig names its Secret only when there is one (settings sent now, or written for an earlier version):
        // the controller waits for a named Secret instead of working without its settings
        boolean withSecret = sent != null || current.map(FluxConfig::getSpec)
                .map(spec -> spec.getProtectedSettingsSecretRef() != null).orElse(false);
        desired.getSpec().setProtectedSettingsSecretRef(withSecret ? new SecretRef(secretName) : null);
        String hash = hash(desired);
        boolean unchanged = current.map(c -> c.getMetadata().getAnnotations())
                .map(a -> hash.equals(a.get(ClusterWriter.ANNOTATION_DESIRED_HASH))).orElse(false);
        if (unchanged && sent == null && rejections.get(entry.name()) == null) {
            return;
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
            if (mapped.protectedSettings() != null && tooLarge.isEmpty()) {
                heldSettings.put(entry.name(), mapped.protectedSettings());
            }
            refuse(entry.name(), entry.namespace(), entry.config().operationId(), entry.config().correlationId(), errors);
            return;
        }

        // Never write over (or under) what is not ours: a Secret or FluxConfig of that name without the agent's mark stops
        // the whole configuration, before anything of it is written.
        FluxConfig owner = current.orElse(null);
        if (owner == null) {
            // new to this cluster (or not ours): the one read a new configuration costs
            FluxConfig found = writer.read(entry.namespace(), entry.name());
            if (found != null && !ClusterWriter.ours(found)) {
                holdSettings(entry.name(), mapped.protectedSettings());
                conflict(entry, found, "it has no label " + LABEL_MANAGED_BY + "=" + MANAGED_BY_AGENT);
                return;
            }
            owner = found;
        }
        if (sent != null && secret != null && !secretOurs) {
            holdSettings(entry.name(), mapped.protectedSettings());
            conflict(entry, secret, "it is not labelled " + LABEL_MANAGED_BY + "=" + MANAGED_BY_AGENT + " and " + LABEL_NAME
                    + "=" + entry.name());
            return;
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
                    holdSettings(entry.name(), sent);
                    refuse(entry.name(), entry.namespace(), entry.config().operationId(), entry.config().correlationId(),
                            invalid(e));
                    return;
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
                holdSettings(entry.name(), sent);
                // The API server's schema refused it: as permanent as a validation error, and reported the same way.
                refuse(entry.name(), entry.namespace(), entry.config().operationId(), entry.config().correlationId(),
                        invalid(e));
                return;
            }
            LOG.infof("applied FluxConfig %s/%s (operation %s)", entry.namespace(), entry.name(),
                    entry.config().operationId());
        }
        boolean ownerMissing = secretWritten ? owner == null : secretOurs && !ClusterWriter.ownedBy(secret, applied);
        if (ownerMissing && applied != null) {
            writer.applySecret(entry.name(), entry.namespace(), secretName,
                    secretWritten ? sent : ClusterWriter.data(secret), applied, true);
        }
        heldSettings.remove(entry.name());
        if (rejections.clear(entry.name())) {
            status.publish(entry.name());
        }
    }

    private void holdSettings(String name, Map<String, String> protectedSettings) {
        if (protectedSettings != null) {
            heldSettings.put(name, protectedSettings);
        }
    }

    /**
     * An object the configuration needs exists without the agent's mark: the configuration is not applied (its
     * FluxConfig, if any, stays as it was), the object is left untouched, and the conflict is reported to the cloud, as a
     * Warning Event on that object and in the log. The poller asks for the list again while it lasts, so the
     * configuration is applied once the object is gone.
     */
    private void conflict(DesiredState.Entry entry, HasMetadata inTheWay, String why) {
        String what = inTheWay.getKind() + " " + inTheWay.getMetadata().getNamespace() + "/" + inTheWay.getMetadata().getName();
        String message = what + " exists and was not written by the agent (" + why
                + "); it is left untouched, and the configuration is applied once it is removed";
        Rejections.Rejection rejection = new Rejections.Rejection(entry.name(), entry.namespace(),
                entry.config().operationId(), entry.config().correlationId(), List.of(new ValidationError("name", message)),
                true);
        if (rejections.reject(rejection)) {
            LOG.warnf("configuration %s/%s not applied: %s", entry.namespace(), entry.name(), message);
            metrics.rejection("conflict");
            writer.warn(inTheWay, "OwnershipConflict", message);
            status.publish(entry.name());
        }
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

    private void refuse(String name, String namespace, String operationId, String correlationId,
            List<ValidationError> errors) {
        Rejections.Rejection rejection = new Rejections.Rejection(name, namespace, operationId, correlationId,
                List.copyOf(errors), false);
        if (rejections.reject(rejection)) {
            metrics.rejection("invalid");
            LOG.warnf("configuration %s/%s refused, the cluster keeps its previous state: %s",
                    Rejections.abbreviate(namespace, 100), Rejections.abbreviate(name, 100), rejection.message());
            if (reportable(name)) {
                status.publish(name);
            }
        }
    }

    /**
     * Whether a refusal can be reported under this name: the data plane cannot hold a configuration whose name breaks the
     * naming rule, and posting to such a path (a megabyte long, or one the data plane never answers 2xx for) would keep
     * the status reporter retrying forever while real statuses wait.
     */
    private static boolean validNames(String name, String namespace) {
        return reportable(name) && NameRules.checkNamespace(namespace).isEmpty();
    }

    public static boolean reportable(String name) {
        return NameRules.checkConfigurationName(name).isEmpty();
    }

    private void deleteUnlisted(Set<String> listed, Set<String> kept, List<String> failures) {
        for (FluxConfig cr : configs.list()) {
            String key = cr.getMetadata().getNamespace() + "/" + cr.getMetadata().getName();
            if (listed.contains(key) || kept.contains(cr.getMetadata().getName())
                    || cr.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            MDC.put(MDC_CONFIGURATION, key);
            if (cr.getSpec() != null && cr.getSpec().getCorrelationId() != null) {
                MDC.put(MDC_CORRELATION_ID, cr.getSpec().getCorrelationId());
            }
            try {
                writer.delete(cr);
                rejections.clear(cr.getMetadata().getName());
                heldSettings.remove(cr.getMetadata().getName());
                LOG.infof("deleted FluxConfig %s: the data plane no longer lists it", key);
            } catch (RuntimeException e) {
                failures.add(key + ": delete failed: " + DataPlaneClient.describe(e));
            } catch (Error e) {
                LOG.errorf(e instanceof StackOverflowError ? null : e, "deleting FluxConfig %s failed (%s)", key,
                        e.getClass().getName());
                failures.add(key + ": delete failed: " + e.getClass().getSimpleName());
            } finally {
                MDC.remove(MDC_CORRELATION_ID);
                MDC.remove(MDC_CONFIGURATION);
            }
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
