package dev.fluxconfig.agent.apply;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;

import dev.fluxconfig.model.validation.ValidationError;

/**
 * What handling one entry of the desired list came to. The applier decides and writes; what follows for the agent's own
 * state (the {@link Ledger}, metrics, status reports, the poll's verdict) is drawn from the outcome in one place.
 */
public sealed interface Outcome {

    /** The cluster already holds this version; nothing was written. */
    record Unchanged() implements Outcome {
    }

    /** This version is in the cluster now. */
    record Applied() implements Outcome {
    }

    /**
     * Refused for good (the version is invalid, or the API server's schema refused it), or for as long as an object that
     * is not the agent's stands in the way ({@code inTheWay} not null). Nothing of it was written; {@code heldSettings} are
     * protected settings to keep for a later version (null: keep what is held).
     */
    record Refused(List<ValidationError> errors, Map<String, String> heldSettings, HasMetadata inTheWay)
            implements
                Outcome {

        public boolean conflict() {
            return inTheWay != null;
        }
    }

    /** Handling it failed (the API, or a bug: {@code cause} may be an {@link Error}); the next poll tries again. */
    record Failed(Throwable cause) implements Outcome {
    }
}
