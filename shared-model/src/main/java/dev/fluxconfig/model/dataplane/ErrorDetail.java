package dev.fluxconfig.model.dataplane;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Code and message of an error answer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorDetail(String code, String message) {
}
