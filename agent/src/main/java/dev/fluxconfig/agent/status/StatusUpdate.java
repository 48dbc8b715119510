package dev.fluxconfig.agent.status;

import dev.fluxconfig.model.dataplane.ConfigurationStatus;

/** The newest status of one configuration, or {@code status == null} when there is nothing more to report for it. */
public record StatusUpdate(String name, ConfigurationStatus status) {
}
