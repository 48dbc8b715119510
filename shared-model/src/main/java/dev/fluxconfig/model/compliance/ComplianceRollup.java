package dev.fluxconfig.model.compliance;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Condition;

import dev.fluxconfig.model.v1alpha1.status.ComplianceState;

/**
 * From Flux object conditions to compliance. Per object: suspended → Suspended; Stalled=True or Ready=False →
 * Non-Compliant; a spec not yet observed, Reconciling=True, or Ready missing or Unknown → Pending; Ready=True →
 * Compliant. A configuration takes the worst state of its objects, and Unknown when it has none.
 */
public final class ComplianceRollup {

    public static final String READY = "Ready";
    public static final String RECONCILING = "Reconciling";
    public static final String STALLED = "Stalled";

    private ComplianceRollup() {
    }

    /**
     * Compliance of one Flux object.
     *
     * @param conditions its status conditions (may be null)
     * @param suspended whether its spec.suspend is true
     * @param generation its metadata.generation, or null
     * @param observedGeneration its status.observedGeneration, or null
     */
    public static ComplianceState objectState(List<Condition> conditions, boolean suspended, Long generation,
            Long observedGeneration) {
        if (suspended) {
            return ComplianceState.SUSPENDED;
        }
        Optional<Condition> ready = find(conditions, READY);
        if (isTrue(find(conditions, STALLED)) || ready.map(c -> "False".equals(c.getStatus())).orElse(false)) {
            return ComplianceState.NON_COMPLIANT;
        }
        boolean stale = generation != null && (observedGeneration == null || observedGeneration < generation);
        if (stale || isTrue(find(conditions, RECONCILING)) || !isTrue(ready)) {
            return ComplianceState.PENDING;
        }
        return ComplianceState.COMPLIANT;
    }

    /** Compliance of a configuration from the states of its objects: the worst of them, Unknown for none. */
    public static ComplianceState configState(Collection<ComplianceState> objectStates) {
        ComplianceState worst = null;
        for (ComplianceState s : objectStates) {
            worst = s.worst(worst);
        }
        return worst == null ? ComplianceState.UNKNOWN : worst;
    }

    /** The condition of a type, if present. */
    public static Optional<Condition> find(List<Condition> conditions, String type) {
        if (conditions == null) {
            return Optional.empty();
        }
        return conditions.stream().filter(c -> c != null && type.equals(c.getType())).findFirst();
    }

    private static boolean isTrue(Optional<Condition> c) {
        return c.map(x -> "True".equals(x.getStatus())).orElse(false);
    }
}
