package dev.fluxconfig.controller;

import java.util.Arrays;
import java.util.List;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;

import dev.fluxconfig.model.flux.common.SourceStatus;
import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.source.Bucket;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.flux.source.OCIRepository;

/**
 * Every kind the controller generates per configuration, in apply order (the applier's account and grants and the
 * secrets before the objects using them). The caches, the applier, deletion and the tests take their lists from here.
 */
public enum ChildKind {

    SERVICE_ACCOUNT(ServiceAccount.class, Role.ACCESS), ROLE_BINDING(RoleBinding.class, Role.ACCESS), CLUSTER_ROLE_BINDING(
            ClusterRoleBinding.class, Role.ACCESS), SECRET(Secret.class, Role.SECRET), GIT_REPOSITORY(GitRepository.class,
                    Role.SOURCE), BUCKET(Bucket.class, Role.SOURCE), OCI_REPOSITORY(OCIRepository.class,
                            Role.SOURCE), KUSTOMIZATION(Kustomization.class, Role.KUSTOMIZATION);

    /** What a generated object is for. */
    public enum Role {
        /** The configuration's applier: its ServiceAccount and what grants it access. */
        ACCESS,
        /** Credentials a source reads. */
        SECRET,
        /** A Flux source. */
        SOURCE,
        /** A Flux Kustomization. */
        KUSTOMIZATION
    }

    private final Class<? extends HasMetadata> type;
    private final Role role;

    ChildKind(Class<? extends HasMetadata> type, Role role) {
        this.type = type;
        this.role = role;
    }

    public Class<? extends HasMetadata> type() {
        return type;
    }

    public Role role() {
        return role;
    }

    public boolean namespaced() {
        return Namespaced.class.isAssignableFrom(type);
    }

    /** Every generated class, in apply order. */
    public static List<Class<? extends HasMetadata>> types() {
        return Arrays.stream(values()).map(ChildKind::type).toList();
    }

    /** The generated classes of one role. */
    public static List<Class<? extends HasMetadata>> types(Role role) {
        return Arrays.stream(values()).filter(k -> k.role == role).map(ChildKind::type).toList();
    }

    /** The Flux objects among them (sources and Kustomizations): what Flux writes status to. */
    public static List<Class<? extends HasMetadata>> fluxTypes() {
        return Arrays.stream(values()).filter(k -> k.role == Role.SOURCE || k.role == Role.KUSTOMIZATION)
                .map(ChildKind::type).toList();
    }

    /** A generated source's status, or null for anything else (or no source). */
    public static SourceStatus sourceStatus(HasMetadata source) {
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
}
