package dev.fluxconfig.agent.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.fluxconfig.agent.poll.Backoff;
import dev.fluxconfig.model.dataplane.ConfigurationStatus;

/**
 * Statuses waiting to be posted, one per configuration: a newer one replaces the one waiting (latest wins) and moves its
 * due time to a quiet period after the change (debounce); everything due is sent together (batch); a failed post stays,
 * due again after a growing delay, until the data plane takes it or a newer status replaces it.
 */
public final class StatusOutbox {

    /** One waiting status. Identity matters: a post only settles the exact entry it sent. */
    public static final class Pending {
        final ConfigurationStatus status;
        final long dueAtNanos;
        final int attempts;

        Pending(ConfigurationStatus status, long dueAtNanos, int attempts) {
            this.status = status;
            this.dueAtNanos = dueAtNanos;
            this.attempts = attempts;
        }

        public ConfigurationStatus status() {
            return status;
        }

        public int attempts() {
            return attempts;
        }
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final long debounceNanos;
    private final Backoff retry;

    public StatusOutbox(long debounceNanos, Backoff retry) {
        this.debounceNanos = debounceNanos;
        this.retry = retry;
    }

    /** A new status for a configuration; null drops whatever waits for it. */
    public void offer(String name, ConfigurationStatus status, long nowNanos) {
        if (status == null) {
            pending.remove(name);
        } else {
            pending.put(name, new Pending(status, nowNanos + debounceNanos, 0));
        }
    }

    /** Everything due now. */
    public List<Pending> due(long nowNanos) {
        List<Pending> due = new ArrayList<>();
        pending.values().forEach(p -> {
            if (p.dueAtNanos - nowNanos <= 0) {
                due.add(p);
            }
        });
        return due;
    }

    /** The data plane took it: done, unless a newer status arrived meanwhile. */
    public void accepted(Pending p) {
        pending.remove(p.status.name(), p);
    }

    /** The data plane will never take it (4xx other than 401/403/408/429). */
    public void dropped(Pending p) {
        pending.remove(p.status.name(), p);
    }

    /** It failed; try again later, unless a newer status arrived meanwhile. */
    public void failed(Pending p, long nowNanos) {
        failed(p, nowNanos, null);
    }

    /**
     * It failed, and the data plane asked to wait {@code retryAfter} (or null): try again after the longer of that and
     * the backoff. A newer status that arrives meanwhile is due at its own time.
     */
    public void failed(Pending p, long nowNanos, java.time.Duration retryAfter) {
        int attempts = p.attempts + 1;
        long wait = retry.next(attempts).toNanos();
        if (retryAfter != null) {
            wait = Math.max(wait, retryAfter.toNanos());
        }
        pending.replace(p.status.name(), p, new Pending(p.status, nowNanos + wait, attempts));
    }

    public int size() {
        return pending.size();
    }

    public ConfigurationStatus waiting(String name) {
        Pending p = pending.get(name);
        return p == null ? null : p.status;
    }
}
