package dev.fluxconfig.model.dataplane;

import java.util.List;
import java.util.Map;

import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.validation.ValidationError;

/**
 * A desired configuration turned into a FluxConfig resource plus the protected settings that must go into its Secret.
 *
 * @param protectedSettings the protected settings this message carried (body secrets included), or {@code null} when it
 *        carried none: the cloud sends them once, so their absence never means "remove them"
 * @param errors what could not be mapped (bad enumeration values, empty kustomization entries); validation comes after
 */
public record MappedConfiguration(String name, String namespace, FluxConfig config, Map<String, String> protectedSettings,
        List<ValidationError> errors) {

    @Override
    public String toString() {
        // Never print protected settings.
        return "MappedConfiguration[" + namespace + "/" + name + ", errors=" + errors + "]";
    }
}
