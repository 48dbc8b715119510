package dev.fluxconfig.model.validation;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration broke one or more rules; the message lists them all. */
public class ValidationException extends RuntimeException {

    private final transient List<ValidationError> errors;

    public ValidationException(List<ValidationError> errors) {
        super(errors.stream().map(ValidationError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<ValidationError> errors() {
        return errors;
    }
}
