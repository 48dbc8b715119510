package dev.fluxconfig.model.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Nullable;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

import dev.fluxconfig.model.validation.InputLimits;

/** A ConfigMap or Secret whose data feeds post-build substitution. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SubstituteFromDefinition {

    @JsonPropertyDescription("ConfigMap or Secret.")
    @Pattern("^(ConfigMap|Secret)$")
    @Nullable
    private String kind;

    @JsonPropertyDescription("Name of the object, in the configuration namespace.")
    @Size(max = InputLimits.MAX_OBJECT_NAME)
    @Pattern(InputLimits.OBJECT_NAME_PATTERN)
    @Nullable
    private String name;

    @JsonPropertyDescription("Go on when the object does not exist.")
    @Default("false")
    private Boolean optional = Boolean.FALSE;

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Boolean getOptional() {
        return optional;
    }

    public void setOptional(Boolean optional) {
        this.optional = optional;
    }

}
