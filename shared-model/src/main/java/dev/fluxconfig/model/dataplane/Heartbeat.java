package dev.fluxconfig.model.dataplane;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Body of {@code POST .../heartbeat}: the versions running on the cluster and when the agent said so. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Heartbeat(String agentVersion, String controllerVersion, String fluxVersion, String timestamp) {
}
