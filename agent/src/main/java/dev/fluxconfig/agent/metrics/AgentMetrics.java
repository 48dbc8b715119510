package dev.fluxconfig.agent.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The agent's Prometheus metrics, served at {@code /q/metrics} where the chart points the scraper: polls by outcome,
 * writes to the Kubernetes API by kind and operation, refused configurations by reason, and status posts by outcome.
 * Tags have a handful of values each, never a configuration name.
 */
@ApplicationScoped
public class AgentMetrics {

    static final String POLLS = "fluxconfig.agent.polls";
    static final String WRITES = "fluxconfig.agent.writes";
    static final String REJECTIONS = "fluxconfig.agent.rejections";
    static final String STATUS_POSTS = "fluxconfig.agent.status.posts";

    private final MeterRegistry registry;

    @Inject
    public AgentMetrics(MeterRegistry registry) {
        this.registry = registry;
        // the usual series exist from the start (at zero), so a scrape shows them before the first event
        for (String outcome : new String[]{"listed", "unchanged"}) {
            registry.counter(POLLS, "outcome", outcome);
        }
        for (String reason : new String[]{"invalid", "conflict"}) {
            registry.counter(REJECTIONS, "reason", reason);
        }
        for (String outcome : new String[]{"accepted", "refused", "retried"}) {
            registry.counter(STATUS_POSTS, "outcome", outcome);
        }
    }

    /** One poll of the data plane: {@code listed}, {@code unchanged} (304), or the failure kind. */
    public void poll(String outcome) {
        registry.counter(POLLS, "outcome", outcome).increment();
    }

    /** One write request to the Kubernetes API. */
    public void write(String kind, String operation) {
        registry.counter(WRITES, "kind", kind, "operation", operation).increment();
    }

    /** A configuration refused: {@code invalid} input, or a {@code conflict} with an object that is not the agent's. */
    public void rejection(String reason) {
        registry.counter(REJECTIONS, "reason", reason).increment();
    }

    /** One status post to the data plane: {@code accepted}, {@code refused} (not retried), or {@code retried}. */
    public void statusPost(String outcome) {
        registry.counter(STATUS_POSTS, "outcome", outcome).increment();
    }
}
