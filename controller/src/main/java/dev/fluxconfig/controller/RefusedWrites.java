package dev.fluxconfig.controller;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Child writes the API server refused (400/422: the object itself is wrong, so sending it again cannot succeed). The same
 * object is not sent again before its backoff ends (10 s, doubling to 15 min); a changed object is sent at once. Without
 * this every resync re-sent the refused object, a write per period per configuration that could never succeed.
 */
final class RefusedWrites {

    static final Duration FIRST_RETRY = Duration.ofSeconds(10);
    static final Duration LONGEST_RETRY = Duration.ofMinutes(15);

    /** A refused write: what was sent (by content), why it was refused, and when it may be sent again. */
    record Refusal(int content, String message, int attempts, Instant retryAt) {
    }

    private final Map<String, Refusal> refusals = new ConcurrentHashMap<>();

    /** The refusal still holding back this exact object, if its backoff has not ended. */
    Optional<Refusal> holding(String key, int content, Instant now) {
        Refusal r = refusals.get(key);
        if (r == null || r.content() != content || !now.isBefore(r.retryAt())) {
            return Optional.empty();
        }
        return Optional.of(r);
    }

    /** Records a refusal; the backoff doubles while the same object keeps being refused. */
    Refusal refused(String key, int content, String message, Instant now) {
        Refusal previous = refusals.get(key);
        int attempts = previous != null && previous.content() == content ? previous.attempts() + 1 : 1;
        Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 20));
        if (wait.compareTo(LONGEST_RETRY) > 0) {
            wait = LONGEST_RETRY;
        }
        Refusal r = new Refusal(content, message, attempts, now.plus(wait));
        refusals.put(key, r);
        return r;
    }

    void accepted(String key) {
        refusals.remove(key);
    }

    /** Forgets every refusal of one configuration's objects (it was deleted). */
    void forget(String keyPrefix) {
        refusals.keySet().removeIf(k -> k.startsWith(keyPrefix));
    }
}
