package dev.fluxconfig.model.dataplane;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Answer of {@code getPendingConfigs}: every configuration the cloud wants on the cluster, nothing less. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PendingConfigurations(List<DesiredConfiguration> configurations) {
}
