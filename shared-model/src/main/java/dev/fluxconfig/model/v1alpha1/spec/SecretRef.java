package dev.fluxconfig.model.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Nullable;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import dev.fluxconfig.model.validation.InputLimits;

/** Reference to a Secret in the same namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretRef {

    @JsonPropertyDescription("Name of the Secret.")
    @Required
    @Size(max = InputLimits.MAX_OBJECT_NAME)
    @Pattern(InputLimits.OBJECT_NAME_PATTERN)
    @Nullable
    private String name;

    public SecretRef() {
    }

    public SecretRef(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

}
