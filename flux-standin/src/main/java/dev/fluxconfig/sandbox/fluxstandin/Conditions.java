package dev.fluxconfig.sandbox.fluxstandin;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Condition;

/** Builds Kubernetes conditions the way Flux keeps them: the transition time moves only when the status changes. */
final class Conditions {

    static final String READY = "Ready";
    static final String TRUE = "True";
    static final String FALSE = "False";

    private Conditions() {
    }

    static Condition of(String type, String status, String reason, String message, Long generation) {
        Condition c = new Condition();
        c.setType(type);
        c.setStatus(status);
        c.setReason(reason);
        c.setMessage(message);
        c.setObservedGeneration(generation);
        return c;
    }

    /**
     * The desired conditions, each with the transition time of the previous condition of the same type when its status did
     * not change, and {@code now} otherwise. Conditions not desired any more are dropped.
     */
    static List<Condition> carryTransitionTimes(List<Condition> previous, List<Condition> desired, Instant now) {
        String stamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
        List<Condition> out = new ArrayList<>(desired.size());
        for (Condition d : desired) {
            Optional<Condition> before = find(previous, d.getType());
            d.setLastTransitionTime(before.filter(b -> d.getStatus().equals(b.getStatus()))
                    .map(Condition::getLastTransitionTime).filter(t -> t != null && !t.isEmpty()).orElse(stamp));
            out.add(d);
        }
        return out;
    }

    static Optional<Condition> find(List<Condition> conditions, String type) {
        if (conditions == null) {
            return Optional.empty();
        }
        return conditions.stream().filter(c -> c != null && type.equals(c.getType())).findFirst();
    }

    static boolean isTrue(List<Condition> conditions, String type) {
        return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
    }

    static boolean isFalse(List<Condition> conditions, String type) {
        return find(conditions, type).map(c -> FALSE.equals(c.getStatus())).orElse(false);
    }
}
