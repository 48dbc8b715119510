package dev.fluxconfig.model.dataplane;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One desired configuration: its name, the ids of the ARM operation that last changed it, a version that grows with every
 * change, and the ARM {@code fluxConfigurations} properties (which carry the namespace).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DesiredConfiguration(String name, String operationId, String correlationId, Long version,
        FluxConfigurationProperties properties) {
}
