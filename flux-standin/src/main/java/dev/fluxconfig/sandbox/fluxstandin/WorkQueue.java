package dev.fluxconfig.sandbox.fluxstandin;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One worker thread and a set of keys waiting for it: an object queued twice before its turn is worked once, and an event
 * that arrives while its object is being worked queues it again. Work is bounded by the number of distinct objects.
 */
final class WorkQueue implements AutoCloseable {

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final ScheduledExecutorService executor;
    private final Set<ObjectKey> waiting = ConcurrentHashMap.newKeySet();
    private final Map<ObjectKey, Integer> failures = new ConcurrentHashMap<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final Map<ObjectKey, Duration> held = new LinkedHashMap<>();
    private boolean open;
    private final Consumer<ObjectKey> worker;
    private final StandInLog log;

    WorkQueue(Consumer<ObjectKey> worker, StandInLog log) {
        this.worker = worker;
        this.log = log;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "flux-stand-in-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues an object to be worked after a delay, unless it is already waiting. Before {@link #open()} it is held. */
    void add(ObjectKey key, Duration delay) {
        if (!waiting.add(key)) {
            return;
        }
        outstanding.incrementAndGet();
        synchronized (held) {
            if (!open) {
                held.put(key, delay);
                return;
            }
        }
        schedule(key, delay);
    }

    /** Lets the worker start on what was queued so far and everything after. */
    void open() {
        synchronized (held) {
            open = true;
            held.forEach(this::schedule);
            held.clear();
        }
    }

    private void schedule(ObjectKey key, Duration delay) {
        try {
            executor.schedule(() -> work(key), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            waiting.remove(key);
            outstanding.decrementAndGet();
        }
    }

    /** Queues an object again after a failure, waiting longer after each consecutive failure (1 s, 2 s, 4 s … 30 s). */
    void retry(ObjectKey key) {
        int n = failures.merge(key, 1, Integer::sum);
        long millis = Math.min(MAX_BACKOFF.toMillis(), 1000L << Math.min(n - 1, 15));
        add(key, Duration.ofMillis(millis));
    }

    void succeeded(ObjectKey key) {
        failures.remove(key);
    }

    /** True when nothing is waiting or being worked. */
    boolean isIdle() {
        return outstanding.get() == 0;
    }

    private void work(ObjectKey key) {
        waiting.remove(key);
        try {
            worker.accept(key);
        } catch (RuntimeException e) {
            log.warn("working " + key + " failed: " + e + "; retrying");
            retry(key);
        } finally {
            outstanding.decrementAndGet();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("the worker did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
