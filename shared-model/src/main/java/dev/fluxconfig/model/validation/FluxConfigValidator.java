package dev.fluxconfig.model.validation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.fluxconfig.model.Durations;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.FluxConfigSpec;
import dev.fluxconfig.model.v1alpha1.spec.SourceKind;

/**
 * The validation rules of a configuration, shared by the CLI, the agent and the controller. Every broken rule is reported,
 * each naming its field by the ARM property path ({@code gitRepository.url}, {@code kustomizations[apps].dependsOn}).
 * Protected-setting values are checked but never quoted. The rules live by subject: {@link NameRules}, one class per
 * source kind, {@link KustomizationRules} and {@link DependencyGraph}; this class runs them in order.
 */
public final class FluxConfigValidator {

    /** Protected-setting keys each source kind understands. */
    private static final Map<SourceKind, Set<String>> PROTECTED_KEYS = Map.of(
            SourceKind.GIT_REPOSITORY, GitRepositoryRules.PROTECTED_KEYS,
            SourceKind.BUCKET, BucketRules.PROTECTED_KEYS,
            SourceKind.AZURE_BLOB, AzureBlobRules.PROTECTED_KEYS,
            SourceKind.OCI_REPOSITORY, OciRepositoryRules.PROTECTED_KEYS);

    private FluxConfigValidator() {
    }

    /** All broken rules of a FluxConfig resource; empty when it is valid. */
    public static List<ValidationError> validate(FluxConfig config, Map<String, String> protectedSettings) {
        return validate(config.getMetadata().getName(), config.getMetadata().getNamespace(), config.getSpec(),
                protectedSettings);
    }

    /**
     * All broken rules of a configuration; empty when it is valid.
     *
     * @param protectedSettings the protected settings, or {@code null} when unknown
     */
    public static List<ValidationError> validate(String name, String namespace, FluxConfigSpec spec,
            Map<String, String> protectedSettings) {
        ValidationRun run = new ValidationRun(protectedSettings);
        run(name, namespace, spec, run);
        return run.errors();
    }

    /** Throws a {@link ValidationException} listing every broken rule, if there is any. */
    public static void check(String name, String namespace, FluxConfigSpec spec, Map<String, String> protectedSettings) {
        List<ValidationError> found = validate(name, namespace, spec, protectedSettings);
        if (!found.isEmpty()) {
            throw new ValidationException(found);
        }
    }

    /**
     * A URL as error messages and status may show it: scheme and host (and port) only, so that neither a credential nor a
     * long or hostile path is ever quoted; {@code null} when the URL has no recognisable host.
     */
    public static String redactUrl(String url) {
        return ValidationRun.redactUrl(url);
    }

    /** The cycle search of {@link DependencyGraph}, where the tests of its bounds find it. */
    static List<String> findCycle(Iterable<String> nodes, Map<String, List<String>> graph) {
        return DependencyGraph.findCycle(nodes, graph);
    }

    private static void run(String name, String namespace, FluxConfigSpec spec, ValidationRun run) {
        NameRules.checkConfigurationName(name).ifPresent(e -> run.error(e.field(), e.message()));
        NameRules.checkNamespace(namespace).ifPresent(e -> run.error(e.field(), e.message()));
        if (spec == null) {
            run.error("properties", "is required");
            return;
        }
        if (spec.getScope() == null) {
            run.error("scope", "is required: cluster or namespace");
        }
        SourceKind kind = spec.getSourceKind();
        if (kind == null) {
            run.error("sourceKind", "is required: GitRepository, Bucket, AzureBlob or OCIRepository");
        } else {
            checkSourceBodies(spec, kind, run);
            checkProtectedKeys(kind, run);
        }
        if (kind == SourceKind.GIT_REPOSITORY && spec.getGitRepository() != null) {
            GitRepositoryRules.check(spec.getGitRepository(), run);
        } else if (kind == SourceKind.BUCKET && spec.getBucket() != null) {
            BucketRules.check(spec.getBucket(), run);
        } else if (kind == SourceKind.AZURE_BLOB && spec.getAzureBlob() != null) {
            AzureBlobRules.check(spec.getAzureBlob(), run);
        } else if (kind == SourceKind.OCI_REPOSITORY && spec.getOciRepository() != null) {
            OciRepositoryRules.check(spec.getOciRepository(), run);
        }
        KustomizationRules.check(name, spec.getKustomizations(), run);
        run.tooLong("operationId", spec.getOperationId(), InputLimits.MAX_TEXT);
        run.tooLong("correlationId", spec.getCorrelationId(), InputLimits.MAX_TEXT);
        if (spec.getReconciliationWaitDuration() != null
                && !run.tooLong("reconciliationWaitDuration", spec.getReconciliationWaitDuration(), InputLimits.MAX_TEXT)) {
            try {
                if (Durations.parseIso(spec.getReconciliationWaitDuration()).isNegative()) {
                    run.error("reconciliationWaitDuration", "must not be negative");
                }
            } catch (IllegalArgumentException e) {
                run.error("reconciliationWaitDuration", e.getMessage());
            }
        }
    }

    /** The body of the chosen source kind is required, and no other kind's body may be set. */
    private static void checkSourceBodies(FluxConfigSpec spec, SourceKind kind, ValidationRun run) {
        Map<SourceKind, Object> bodies = new LinkedHashMap<>();
        bodies.put(SourceKind.GIT_REPOSITORY, spec.getGitRepository());
        bodies.put(SourceKind.BUCKET, spec.getBucket());
        bodies.put(SourceKind.AZURE_BLOB, spec.getAzureBlob());
        bodies.put(SourceKind.OCI_REPOSITORY, spec.getOciRepository());
        if (bodies.get(kind) == null) {
            run.error(kind.specField(), "is required when sourceKind is " + kind.value());
        }
        bodies.forEach((other, body) -> {
            if (other != kind && body != null) {
                run.error(other.specField(), "must not be set when sourceKind is " + kind.value());
            }
        });
    }

    private static void checkProtectedKeys(SourceKind kind, ValidationRun run) {
        if (!run.secretsKnown()) {
            return;
        }
        Set<String> allowed = PROTECTED_KEYS.get(kind);
        for (String key : new TreeSet<>(run.secretKeys())) {
            if (!allowed.contains(key)) {
                run.error(ValidationRun.PROTECTED + "." + key, "is not a protected setting of a " + kind.value()
                        + " source; known keys: " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }
}
