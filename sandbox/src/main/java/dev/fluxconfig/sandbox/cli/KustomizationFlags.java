package dev.fluxconfig.sandbox.cli;

import picocli.CommandLine.Option;

/**
 * The flags of {@code az k8s-configuration flux kustomization create|update} for one kustomization. Only what is given
 * becomes part of the {@link KustomizationArgs.Patch}; create fills the rest with the ARM defaults, update keeps it.
 */
public class KustomizationFlags {

    @Option(names = "--path", description = "Path in the source to apply; the top when empty.")
    String path;

    @Option(names = "--prune", arity = "0..1", fallbackValue = "true", description = "Delete what leaves the source.")
    Boolean prune;

    @Option(names = "--force", arity = "0..1", fallbackValue = "true", description = "Re-create objects that cannot be updated.")
    Boolean force;

    @Option(names = {"--depends-on", "--dependencies", "--depends"}, description = "Comma-separated kustomization names, "
            + "[a,b] accepted; an empty value removes every dependency.")
    String dependsOn;

    @Option(names = {"--interval", "--sync-interval"}, description = "e.g. 10m or 1h2m5s.")
    String interval;

    @Option(names = "--timeout", description = "e.g. 10m.")
    String timeout;

    @Option(names = "--retry-interval", description = "e.g. 2m.")
    String retryInterval;

    @Option(names = "--disable-health-check", arity = "0..1", fallbackValue = "true", description = "Do not wait for "
            + "the applied objects to be healthy (wait=false).")
    Boolean disableHealthCheck;

    /** The given flags for kustomization {@code name}; throws IllegalArgumentException naming a bad duration flag. */
    KustomizationArgs.Patch patch(String name) {
        return new KustomizationArgs.Patch(name, path, dependsOn == null ? null : KustomizationArgs.dependsOn(dependsOn),
                ConfigurationBuilder.seconds("--timeout", timeout), ConfigurationBuilder.seconds("--interval", interval),
                ConfigurationBuilder.seconds("--retry-interval", retryInterval),
                prune, force, disableHealthCheck == null ? null : !disableHealthCheck);
    }
}
