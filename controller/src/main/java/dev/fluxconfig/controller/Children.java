package dev.fluxconfig.controller;

import static dev.fluxconfig.model.FluxConfigConstants.*;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;

import dev.fluxconfig.controller.desired.ApplierRbacDesired;
import dev.fluxconfig.controller.desired.AuthSecretDesired;
import dev.fluxconfig.controller.desired.KustomizationDesired;
import dev.fluxconfig.controller.desired.ProtectedSettings;
import dev.fluxconfig.controller.desired.SourceDesired;
import dev.fluxconfig.controller.desired.SshKeys;
import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.v1alpha1.FluxConfig;

/**
 * A configuration's generated objects ({@link ChildKind}): what it should have (one pure {@code desired()} per kind),
 * applying it, removing what it no longer should have, and deleting all of it. Only objects the configuration owns are
 * ever written or deleted ({@link ChildApplier}).
 */
final class Children {

    private static final Logger LOG = Logger.getLogger(Children.class);

    private final ChildCaches caches;
    private final ChildApplier applier;
    private final ControllerConfig settings;
    private final RefusedWrites refusals = new RefusedWrites();
    private final ObjectMapper json = new ObjectMapper();

    Children(ChildCaches caches, ChildApplier applier, ControllerConfig settings) {
        this.caches = caches;
        this.applier = applier;
        this.settings = settings;
    }

    /**
     * What applying a configuration's objects came to: objects in the way that are not its own, and writes the API server
     * refused ("Kind ns/name: why", retried with backoff from {@code retryAt}).
     */
    record Applied(List<OwnershipConflict> conflicts, List<String> refused, Instant retryAt) {
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

    /** Applies the desired objects that are not up to date, then removes the configuration's objects it no longer wants. */
    Applied apply(FluxConfig config, List<HasMetadata> desired) {
        Set<String> wanted = new HashSet<>();
        List<OwnershipConflict> conflicts = new ArrayList<>();
        List<String> refused = new ArrayList<>();
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
                LOG.warnf("%s/%s: %s", config.getMetadata().getNamespace(), config.getMetadata().getName(), c.getMessage());
                conflicts.add(c);
                continue;
            }
            if (refusal.isPresent()) {
                refused.add(d.getKind() + " " + d.getMetadata().getNamespace() + "/" + d.getMetadata().getName() + ": "
                        + refusal.get().message());
                retryAt = retryAt == null || refusal.get().retryAt().isBefore(retryAt) ? refusal.get().retryAt() : retryAt;
            }
        }
        removeStale(config, wanted);
        return new Applied(conflicts, refused, retryAt);
    }

    private static boolean followsConflict(Kustomization k, OwnershipConflict c) {
        return k.getSpec().getSourceRef() != null && c.kind().equals(k.getSpec().getSourceRef().getKind())
                && c.name().equals(k.getSpec().getSourceRef().getName());
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

    /** Deletes the configuration's objects that are not in {@code wanted} (keys of {@link #key}); all of them for none. */
    void removeStale(FluxConfig config, Set<String> wanted) {
        for (Class<? extends HasMetadata> kind : ChildKind.types()) {
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

    /** Takes a namespace-scoped configuration's applier and its grants in the namespace away. */
    void removeGrants(FluxConfig config) {
        String name = config.getMetadata().getName();
        String ns = config.getMetadata().getNamespace();
        for (ChildKind kind : ChildKind.values()) {
            if (kind.role() != ChildKind.Role.ACCESS || !kind.namespaced()) {
                continue;
            }
            for (HasMetadata grant : caches.generatedFor(kind.type(), name, ns)) {
                if (!ChildApplier.owns(config, grant)) {
                    continue;
                }
                LOG.infof("deleting %s %s/%s: a cluster-scoped configuration shares its namespace", grant.getKind(), ns,
                        grant.getMetadata().getName());
                applier.delete(grant);
            }
        }
    }

    /**
     * Deletes every object of a deleted configuration; returns those still there ("Kind name"), which Flux may hold while
     * it prunes. Objects labelled as the configuration's but not controlled by it are never deleted.
     */
    List<String> deleteAll(FluxConfig config) {
        List<String> remaining = new ArrayList<>();
        for (Class<? extends HasMetadata> kind : ChildKind.types()) {
            for (HasMetadata child : caches.generatedFor(kind, config.getMetadata().getName(),
                    config.getMetadata().getNamespace())) {
                if (!ChildApplier.owns(config, child)) {
                    continue;
                }
                applier.delete(child);
                remaining.add(child.getKind() + " " + child.getMetadata().getName());
            }
        }
        if (remaining.isEmpty()) {
            refusals.forget(refusalKey(config));
        }
        return remaining;
    }

    /** The generated key pair for an ssh URL without a key: the one already stored, or a new one once. */
    Optional<SshKeys.GeneratedKey> generatedKey(FluxConfig config, ProtectedSettings secrets) {
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

    private static String refusalKey(FluxConfig config) {
        return config.getMetadata().getNamespace() + "/" + config.getMetadata().getName() + ":";
    }

    private static String key(HasMetadata o) {
        return o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
    }
}
