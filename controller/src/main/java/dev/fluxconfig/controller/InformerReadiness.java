package dev.fluxconfig.controller;

import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.health.InformerWrappingEventSourceHealthIndicator;
import io.javaoperatorsdk.operator.health.Status;

/**
 * Readiness names every informer that does not serve a current cache (stopped, not watching, or never synced) and why.
 * A controller reading a stale or empty cache would report a configuration Pending forever while Flux has it Ready.
 * fabric8 restarts a watch that ended (an API server restart, a CRD deleted and created again) by itself; an informer that
 * stops for good after its first sync makes the Java Operator SDK end the process, and Kubernetes starts it again.
 */
@Readiness
@ApplicationScoped
public class InformerReadiness implements HealthCheck {

    static final String NAME = "informers";
    private static final Logger LOG = Logger.getLogger(InformerReadiness.class);

    private final Operator operator;
    private volatile String lastProblem;

    public InformerReadiness(Operator operator) {
        this.operator = operator;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        if (!operator.getRuntimeInfo().isStarted()) {
            return response.down().withData("reason", "the operator has not started its informers yet").build();
        }
        Map<String, String> problems = problems();
        String summary = problems.isEmpty() ? null : problems.toString();
        if (summary != null && !summary.equals(lastProblem)) {
            LOG.warnf("informers not serving a current cache: %s", summary);
        } else if (summary == null && lastProblem != null) {
            LOG.infof("every informer watches again");
        }
        lastProblem = summary;
        problems.forEach(response::withData);
        return problems.isEmpty() ? response.up().build() : response.down().build();
    }

    /** Informer name → what is wrong with it, for every unhealthy informer of every controller. */
    Map<String, String> problems() {
        Map<String, String> problems = new TreeMap<>();
        operator.getRuntimeInfo().getRegisteredControllers().forEach(rc -> {
            Map<String, InformerWrappingEventSourceHealthIndicator> sources = rc.getControllerHealthInfo()
                    .informerEventSourceHealthIndicators();
            for (Map.Entry<String, InformerWrappingEventSourceHealthIndicator> source : sources.entrySet()) {
                if (source.getValue().getStatus() == Status.HEALTHY) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, InformerHealthIndicator> informers = source.getValue().informerHealthIndicators();
                for (Map.Entry<String, InformerHealthIndicator> informer : informers.entrySet()) {
                    if (informer.getValue().getStatus() != Status.HEALTHY) {
                        String namespace = informer.getKey();
                        problems.put(source.getKey()
                                + (namespace == null || namespace.startsWith("JOSDK") ? "" : "@" + namespace),
                                describe(informer.getValue()));
                    }
                }
            }
        });
        return problems;
    }

    static String describe(InformerHealthIndicator informer) {
        if (!informer.isRunning()) {
            return "stopped";
        }
        if (!informer.hasSynced()) {
            return "running but never listed its objects (the API refuses the list, or its kind is not served)";
        }
        return "running but not watching (the watch ended; fabric8 retries it)";
    }
}
