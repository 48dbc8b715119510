package dev.fluxconfig.model.validation;

/** One broken rule: the field it is about (ARM property path) and what is wrong with it. */
public record ValidationError(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
