package dev.fluxconfig.agent.poll;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Delays between polls: the interval less up to a tenth while things go well (never more, so that a change waits at most
 * one interval for its poll; less spreads many agents as well as more would); after {@code n} failures in a row the
 * interval times 2<sup>n</sup>, capped, with "equal jitter" (between half and all of it) so that many agents do not
 * retry in step.
 */
public final class Backoff {

    private final Duration interval;
    private final Duration max;
    private final DoubleSupplier random;

    public Backoff(Duration interval, Duration max, DoubleSupplier random) {
        this.interval = interval;
        this.max = max.compareTo(interval) < 0 ? interval : max;
        this.random = random;
    }

    /** The delay before the next attempt after {@code failures} failures in a row (0 after a success). */
    public Duration next(int failures) {
        if (failures <= 0) {
            double factor = 0.9 + 0.1 * random.getAsDouble();
            return Duration.ofNanos((long) (interval.toNanos() * factor));
        }
        long cap = max.toNanos();
        long grown = interval.toNanos();
        for (int i = 0; i < failures && grown < cap; i++) {
            grown = grown * 2;
        }
        long delay = Math.min(grown, cap);
        return Duration.ofNanos(delay / 2 + (long) (delay / 2 * random.getAsDouble()));
    }
}
