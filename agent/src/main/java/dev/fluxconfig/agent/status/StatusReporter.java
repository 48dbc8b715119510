package dev.fluxconfig.agent.status;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.fluxconfig.agent.apply.DesiredStateApplier;
import dev.fluxconfig.agent.config.AgentSettings;
import dev.fluxconfig.agent.dataplane.DataPlaneClient;
import dev.fluxconfig.agent.metrics.AgentMetrics;
import dev.fluxconfig.agent.poll.Backoff;

/**
 * Consumes the {@code status-out} channel into a {@link StatusOutbox} and posts what is due to the data plane. The data
 * plane takes one configuration's status per request, so the posts go out concurrently, at most
 * {@code fluxconfig.agent.status.concurrency} at a time, one at a time per configuration: a slow post holds only its own
 * configuration and one poster. A 429 or 503 with {@code Retry-After} holds every post until then.
 */
@ApplicationScoped
public class StatusReporter {

    private static final Logger LOG = Logger.getLogger(StatusReporter.class);

    private final AgentSettings settings;
    private final DataPlaneClient dataPlane;
    private final StatusOutbox outbox;
    private final AgentMetrics metrics;
    private ScheduledExecutorService flusher;
    private ExecutorService posters;
    /** Configurations whose post is on its way (or queued for a poster). */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    /** No post before this moment (System.nanoTime), as a Retry-After asked; null when there is no such wait. */
    private volatile Long notBefore;

    @Inject
    public StatusReporter(AgentSettings settings, DataPlaneClient dataPlane, AgentMetrics metrics) {
        this.settings = settings;
        this.dataPlane = dataPlane;
        this.metrics = metrics;
        Duration debounce = settings.config().status().debounce();
        this.outbox = new StatusOutbox(debounce.toNanos(), new Backoff(debounce.isZero() ? Duration.ofMillis(100) : debounce,
                settings.config().poll().maxBackoff(), () -> ThreadLocalRandom.current().nextDouble()));
    }

    @Incoming(StatusWatcher.CHANNEL)
    public void accept(StatusUpdate update) {
        outbox.offer(update.name(), update.status(), System.nanoTime());
    }

    void start(@Observes StartupEvent event) {
        if (!settings.complete()) {
            return;
        }
        long tick = Math.max(50, settings.config().status().debounce().toMillis() / 2);
        flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fluxconfig-status");
            t.setDaemon(true);
            return t;
        });
        int n = Math.max(1, settings.config().status().concurrency());
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(n, n, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "fluxconfig-status-post-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        posters = pool;
        flusher.scheduleWithFixedDelay(this::flush, tick, tick, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (flusher != null) {
            flusher.shutdownNow();
        }
        if (posters != null) {
            posters.shutdownNow();
        }
    }

    /** Hands everything due to the posters, one request per configuration, none for a configuration already on its way. */
    void flush() {
        Long wait = notBefore;
        if (wait != null) {
            if (wait - System.nanoTime() > 0) {
                return;
            }
            notBefore = null;
        }
        for (StatusOutbox.Pending p : outbox.due(System.nanoTime())) {
            String name = p.status().name();
            if (!inFlight.add(name)) {
                continue;
            }
            try {
                posters.execute(() -> {
                    try {
                        post(p);
                    } finally {
                        inFlight.remove(name);
                    }
                });
            } catch (RejectedExecutionException e) {
                inFlight.remove(name); // shutting down
            }
        }
    }

    private void post(StatusOutbox.Pending p) {
        String name = p.status().name();
        if (p.status().correlationId() != null) {
            MDC.put(DesiredStateApplier.MDC_CORRELATION_ID, p.status().correlationId());
        }
        MDC.put(DesiredStateApplier.MDC_CONFIGURATION, p.status().namespace() + "/" + name);
        try {
            Long wait = notBefore;
            if (wait != null && wait - System.nanoTime() > 0) {
                // a Retry-After arrived while this one was queued: it waits with the others
                outbox.failed(p, System.nanoTime(), Duration.ofNanos(wait - System.nanoTime()));
                return;
            }
            DataPlaneClient.Posted answer = dataPlane.postStatus(p.status());
            int code = answer.code();
            if (code >= 200 && code < 300) {
                outbox.accepted(p);
                metrics.statusPost("accepted");
                LOG.infof("status of %s posted: %s, %s", name, p.status().provisioningState(),
                        p.status().complianceState());
            } else if (code == 400 || code == 404 || code == 409 || code == 410 || code == 422) {
                outbox.dropped(p);
                metrics.statusPost("refused");
                LOG.warnf("status of %s refused by the data plane (%d); not retried", name, code);
            } else {
                if (answer.retryAfter() != null) {
                    notBefore = System.nanoTime() + answer.retryAfter().toNanos();
                }
                outbox.failed(p, System.nanoTime(), answer.retryAfter());
                metrics.statusPost("retried");
                LOG.infof("status of %s not accepted (%d); will retry (attempt %d)%s", name, code, p.attempts() + 1,
                        answer.retryAfter() == null ? "" : " in " + answer.retryAfter().toSeconds() + " s as asked");
            }
        } catch (Exception e) {
            outbox.failed(p, System.nanoTime());
            metrics.statusPost("retried");
            LOG.infof("status of %s not posted: %s; will retry (attempt %d)", name, DataPlaneClient.describe(e),
                    p.attempts() + 1);
        } finally {
            MDC.remove(DesiredStateApplier.MDC_CORRELATION_ID);
            MDC.remove(DesiredStateApplier.MDC_CONFIGURATION);
        }
    }

    public StatusOutbox outbox() {
        return outbox;
    }
}
