package dev.fluxconfig.sandbox.fluxstandin;

/** What the work queue holds: one object by kind, namespace and name. */
record ObjectKey(FluxKind kind, String namespace, String name) {

    @Override
    public String toString() {
        return kind.kind + " " + namespace + "/" + name;
    }
}
