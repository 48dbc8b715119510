package dev.fluxconfig.agent.poll;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.fluxconfig.agent.apply.DesiredStateApplier;
import dev.fluxconfig.agent.apply.Ledger;
import dev.fluxconfig.agent.config.AgentSettings;
import dev.fluxconfig.agent.dataplane.DataPlaneClient;
import dev.fluxconfig.agent.dataplane.DesiredState;
import dev.fluxconfig.agent.dataplane.PollOutcome;
import dev.fluxconfig.agent.dataplane.PollOutcome.Failure;
import dev.fluxconfig.agent.health.AgentHealth;
import dev.fluxconfig.agent.metrics.AgentMetrics;

/**
 * Polls {@code getPendingConfigs} on its own thread and hands each well-formed list to the {@link DesiredStateApplier}.
 * The ETag of a list is kept only once the applier has applied it, so a list that could not be applied comes again.
 * Nothing else reaches the applier: an error, a timeout or a malformed body changes nothing in the cluster; it only makes
 * the agent unready (with the reason) and stretches the delay before the next poll.
 */
@ApplicationScoped
public class Poller {

    private static final Logger LOG = Logger.getLogger(Poller.class);

    private final AgentSettings settings;
    private final DataPlaneClient dataPlane;
    private final AgentHealth health;
    private final DesiredStateApplier applier;
    private final Backoff backoff;
    private final Ledger rejections;
    private final AgentMetrics metrics;
    private final AtomicLong polls = new AtomicLong();
    private ScheduledExecutorService loop;
    private volatile String etag;
    private int failures;
    private String lastProblem;
    /** The wait the last answer asked for with Retry-After (429, 503), or null. */
    private Duration retryAfter;

    @Inject
    public Poller(AgentSettings settings, DataPlaneClient dataPlane, AgentHealth health,
            DesiredStateApplier applier, Ledger rejections,
            AgentMetrics metrics) {
        this.settings = settings;
        this.rejections = rejections;
        this.metrics = metrics;
        this.dataPlane = dataPlane;
        this.health = health;
        this.applier = applier;
        this.backoff = new Backoff(settings.config().poll().interval(), settings.config().poll().maxBackoff(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    void start(@Observes StartupEvent event) {
        if (!settings.complete()) {
            String reason = "missing or invalid settings: " + String.join("; ", settings.problems());
            health.problem(AgentHealth.SETTINGS, reason);
            LOG.error(reason + "; the agent stays up but does not poll the data plane");
            return;
        }
        LOG.infof("polling %s%s every %s (auth %s)", settings.dataPlaneEndpoint(), settings.clusterPath(),
                settings.config().poll().interval(), settings.authMode().value());
        loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fluxconfig-poller");
            t.setDaemon(true);
            return t;
        });
        loop.schedule(this::pollAndReschedule, 0, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.shutdownNow();
        }
    }

    /** Number of polls sent since start. */
    public long polls() {
        return polls.get();
    }

    public String etag() {
        return etag;
    }

    private void pollAndReschedule() {
        Duration next = null;
        long started = System.nanoTime();
        try {
            if (pollOnce()) {
                // the interval runs from the start of this poll, so that the time its applies took does not delay the
                // changes that arrive meanwhile
                next = backoff.next(failures = 0).minusNanos(System.nanoTime() - started);
                if (next.isNegative()) {
                    next = Duration.ZERO;
                }
            } else {
                next = backoff.next(++failures);
            }
            if (retryAfter != null && retryAfter.compareTo(next) > 0) {
                // the data plane said when to come back (capped by RetryAfter.CAP): no sooner than that
                next = retryAfter;
            }
        } catch (RuntimeException e) {
            LOG.errorf("poll failed unexpectedly: %s", DataPlaneClient.describe(e));
        } finally {
            // even after an Error (a stack overflow on a hostile body) the loop goes on: a dead poller would leave the
            // agent live but deaf
            if (next == null) {
                next = backoff.next(++failures);
            }
            if (!loop.isShutdown()) {
                loop.schedule(this::pollAndReschedule, next.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** One poll; true when the data plane answered well and its answer, if any, was applied. */
    boolean pollOnce() {
        polls.incrementAndGet();
        retryAfter = null;
        PollOutcome outcome = dataPlane.poll(etag);
        metrics.poll(outcome instanceof PollOutcome.Failed failed
                ? failed.kind().name().toLowerCase(java.util.Locale.ROOT)
                : outcome instanceof PollOutcome.Listed ? "listed" : "unchanged");
        if (outcome instanceof PollOutcome.Failed f) {
            if (f.kind() == Failure.TOKEN || f.kind() == Failure.UNAUTHORIZED) {
                health.problem(AgentHealth.TOKEN, f.reason());
            } else {
                health.ok(AgentHealth.TOKEN);
            }
            health.problem(AgentHealth.DATA_PLANE, f.reason());
            retryAfter = f.retryAfter();
            report(f.kind() + ": " + f.reason());
            return false;
        }
        health.ok(AgentHealth.TOKEN);
        health.ok(AgentHealth.DATA_PLANE);
        if (outcome instanceof PollOutcome.Listed listed) {
            DesiredState state = listed.state();
            LOG.infof("data plane lists %d configuration(s)", state.entries().size());
            try {
                applier.apply(state);
                // while an object that is not the agent's blocks a configuration, the list is asked for again (no 304)
                // so that the configuration is applied once the object is gone
                etag = rejections.anyConflict() ? null : state.etag();
            } catch (DesiredStateApplier.ApplyException e) {
                report("applying the desired state failed: " + DataPlaneClient.describe(e));
                return false;
            }
        }
        if (lastProblem != null) {
            LOG.infof("the data plane answers again after: %s", lastProblem);
            lastProblem = null;
        }
        return true;
    }

    /** Logs a problem once, not on every poll while it lasts. */
    private void report(String problem) {
        if (!problem.equals(lastProblem)) {
            LOG.warn(problem);
        } else {
            LOG.debug(problem);
        }
        lastProblem = problem;
    }
}
