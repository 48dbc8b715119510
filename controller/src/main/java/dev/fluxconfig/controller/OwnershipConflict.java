package dev.fluxconfig.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * An object exists under a name the controller generates but without this configuration's ownership mark; the
 * controller leaves it untouched and reports it.
 */
public class OwnershipConflict extends RuntimeException {

    private final String kind;
    private final String namespace;
    private final String name;

    public OwnershipConflict(HasMetadata desired, String reason) {
        super(describe(desired) + " exists and is not this configuration's (" + reason + "); it was left untouched");
        this.kind = desired.getKind();
        this.namespace = desired.getMetadata().getNamespace();
        this.name = desired.getMetadata().getName();
    }

    static String describe(HasMetadata o) {
        return o.getKind() + " "
                + (o.getMetadata().getNamespace() == null ? "" : o.getMetadata().getNamespace() + "/")
                + o.getMetadata().getName();
    }

    public String kind() {
        return kind;
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }
}
