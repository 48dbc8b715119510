package dev.fluxconfig.model.dataplane;

import com.fasterxml.jackson.annotation.JsonInclude;

/** ARM-style error body of a 4xx or 5xx answer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorResponse(ErrorDetail error) {

    public static ErrorResponse of(String code, String message) {
        return new ErrorResponse(new ErrorDetail(code, message));
    }
}
