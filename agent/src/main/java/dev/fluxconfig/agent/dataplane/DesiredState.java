package dev.fluxconfig.agent.dataplane;

import java.util.List;

import dev.fluxconfig.model.dataplane.DesiredConfiguration;
import dev.fluxconfig.model.validation.ValidationError;

/**
 * A well-formed answer of {@code getPendingConfigs}, entry by entry.
 *
 * @param identified every entry has a readable name, so the list is authoritative for deletions
 */
public record DesiredState(String etag, List<Entry> entries, boolean identified) {

    /**
     * One configuration of the list: read into a DTO, or not readable (then {@code config} is null and {@code errors} says
     * why). The name and namespace come from the raw JSON so that even an unreadable entry is known.
     */
    public record Entry(String name, String namespace, DesiredConfiguration config, List<ValidationError> errors) {
    }
}
