package dev.fluxconfig.agent.status;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

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

/** Consumes the {@code status-out} channel into a {@link StatusOutbox} and posts what is due to the data plane. */
@ApplicationScoped
public class StatusReporter {

    private static final Logger LOG = Logger.getLogger(StatusReporter.class);

    private final AgentSettings settings;
    private final DataPlaneClient dataPlane;
    private final StatusOutbox outbox;
    private final AgentMetrics metrics;
    private ScheduledExecutorService flusher;

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
        flusher.scheduleWithFixedDelay(this::flush, tick, tick, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (flusher != null) {
            flusher.shutdownNow();
        }
    }

    /** Posts everything due, one request per configuration. */
    void flush() {
        for (StatusOutbox.Pending p : outbox.due(System.nanoTime())) {
            String name = p.status().name();
            if (p.status().correlationId() != null) {
                MDC.put(DesiredStateApplier.MDC_CORRELATION_ID, p.status().correlationId());
            }
            MDC.put(DesiredStateApplier.MDC_CONFIGURATION, p.status().namespace() + "/" + name);
            try {
                int code = dataPlane.postStatus(p.status());
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
                    outbox.failed(p, System.nanoTime());
                    metrics.statusPost("retried");
                    LOG.infof("status of %s not accepted (%d); will retry (attempt %d)", name, code, p.attempts() + 1);
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
    }

    public StatusOutbox outbox() {
        return outbox;
    }
}
