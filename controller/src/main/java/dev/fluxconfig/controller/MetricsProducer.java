package dev.fluxconfig.controller;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Reconciliation metrics per controller, not per FluxConfig: the Operator SDK's default keeps counters and timers for every
 * resource it ever saw, thousands of series (and megabytes of heap) with a thousand configurations.
 */
@Singleton
public class MetricsProducer {

    @Produces
    @Singleton
    Metrics metrics(MeterRegistry registry) {
        return MicrometerMetrics.withoutPerResourceMetrics(registry);
    }
}
