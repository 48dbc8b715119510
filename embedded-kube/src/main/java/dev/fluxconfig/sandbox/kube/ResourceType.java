package dev.fluxconfig.sandbox.kube;

import java.util.List;

/**
 * A kind the embedded API serves: where it lives in the URL space and whether it has a status subresource. All served
 * versions of one group and plural share one storage (no conversion: the versions this project uses have one schema).
 */
public record ResourceType(String group, String version, String plural, String singular, String kind, boolean namespaced,
        boolean statusSubresource, List<String> shortNames, List<String> categories) {

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The storage this type shares with its other versions. */
    public String storageKey() {
        return group + "/" + plural;
    }

    public boolean is(String group, String plural) {
        return this.group.equals(group) && this.plural.equals(plural);
    }
}
