package dev.fluxconfig.model.validation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.fluxconfig.model.v1alpha1.spec.KustomizationDefinition;
import dev.fluxconfig.model.v1alpha1.spec.PostBuildDefinition;
import dev.fluxconfig.model.v1alpha1.spec.SubstituteFromDefinition;

/**
 * The rules of a configuration's kustomizations: how many, their names (unique, and a valid generated name with the
 * configuration's), intervals, paths and post-build substitutions. Their dependsOn lists are judged by
 * {@link DependencyGraph}.
 */
final class KustomizationRules {

    private static final Pattern VARIABLE_NAME = Pattern.compile("^[_a-zA-Z][_a-zA-Z0-9]*$");

    private KustomizationRules() {
    }

    static void check(String configName, List<KustomizationDefinition> list, ValidationRun run) {
        if (list == null || list.isEmpty()) {
            run.error("kustomizations", "at least one kustomization is required");
            return;
        }
        if (list.size() > InputLimits.MAX_KUSTOMIZATIONS) {
            run.error("kustomizations", "has " + list.size() + " entries; at most " + InputLimits.MAX_KUSTOMIZATIONS
                    + " are allowed");
            return;
        }
        Map<String, KustomizationDefinition> byName = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            KustomizationDefinition k = list.get(i);
            if (k == null) {
                run.error("kustomizations[" + i + "]", "is null");
                continue;
            }
            String name = k.getName();
            if (name != null && name.length() > InputLimits.MAX_TEXT) {
                run.error("kustomizations[" + i + "].name", "is " + name.length() + " characters long; at most "
                        + NameRules.MAX_LABEL + " are allowed");
                continue;
            }
            String field = "kustomizations[" + (name == null || name.isEmpty() ? String.valueOf(i) : name) + "]";
            if (name == null || name.isEmpty()) {
                run.error(field + ".name", "is required");
                continue;
            }
            if (byName.containsKey(name)) {
                run.error(field + ".name", "'" + name + "' is used by more than one kustomization");
                continue;
            }
            byName.put(name, k);
            Optional<ValidationError> badName = NameRules.checkKustomizationName(field + ".name", configName, name);
            badName.ifPresent(e -> run.error(e.field(), e.message()));
            run.checkSeconds(field + ".timeoutInSeconds", k.getTimeoutInSeconds(), false);
            run.checkSeconds(field + ".syncIntervalInSeconds", k.getSyncIntervalInSeconds(), false);
            run.checkSeconds(field + ".retryIntervalInSeconds", k.getRetryIntervalInSeconds(), false);
            checkPath(field + ".path", k.getPath(), run);
            if (k.getDependsOn() != null && k.getDependsOn().size() > InputLimits.MAX_DEPENDS_ON) {
                run.error(field + ".dependsOn", "has " + k.getDependsOn().size() + " entries; at most "
                        + InputLimits.MAX_DEPENDS_ON + " are allowed");
            }
            checkPostBuild(field + ".postBuild", k.getPostBuild(), run);
        }
        DependencyGraph.check(byName, run);
    }

    /** A path inside the source: bounded, printable, and never leaving the artifact through a {@code ..} segment. */
    private static void checkPath(String field, String path, ValidationRun run) {
        if (path == null || run.tooLong(field, path, InputLimits.MAX_PATH)) {
            return;
        }
        if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            run.error(field, "must not contain control characters");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) {
                run.error(field, "must not contain a '..' segment: it names a path inside the source");
                return;
            }
        }
    }

    private static void checkPostBuild(String field, PostBuildDefinition postBuild, ValidationRun run) {
        if (postBuild == null) {
            return;
        }
        if (postBuild.getSubstitute() != null && postBuild.getSubstitute().size() > InputLimits.MAX_SUBSTITUTE) {
            run.error(field + ".substitute", "has " + postBuild.getSubstitute().size() + " variables; at most "
                    + InputLimits.MAX_SUBSTITUTE + " are allowed");
        } else if (postBuild.getSubstitute() != null) {
            for (String var : new TreeSet<>(postBuild.getSubstitute().keySet())) {
                if (var.length() > InputLimits.MAX_TEXT) {
                    run.error(field + ".substitute", "a variable name is " + var.length() + " characters long; at most "
                            + InputLimits.MAX_TEXT + " are allowed");
                    continue;
                }
                String value = postBuild.getSubstitute().get(var);
                run.tooLong(field + ".substitute." + var, value, InputLimits.MAX_SUBSTITUTE_VALUE);
                if (!VARIABLE_NAME.matcher(var).matches()) {
                    run.error(field + ".substitute", "'" + var + "' is not a variable name (letters, digits and '_')");
                }
            }
        }
        if (postBuild.getSubstituteFrom() != null && postBuild.getSubstituteFrom().size() > InputLimits.MAX_SUBSTITUTE_FROM) {
            run.error(field + ".substituteFrom", "has " + postBuild.getSubstituteFrom().size() + " entries; at most "
                    + InputLimits.MAX_SUBSTITUTE_FROM + " are allowed");
        } else if (postBuild.getSubstituteFrom() != null) {
            for (int i = 0; i < postBuild.getSubstituteFrom().size(); i++) {
                SubstituteFromDefinition from = postBuild.getSubstituteFrom().get(i);
                String f = field + ".substituteFrom[" + i + "]";
                if (from == null) {
                    run.error(f, "is null");
                    continue;
                }
                if (!"ConfigMap".equals(from.getKind()) && !"Secret".equals(from.getKind())) {
                    run.error(f + ".kind", "must be ConfigMap or Secret");
                }
                if (run.tooLong(f + ".name", from.getName(), NameRules.MAX_SUBDOMAIN)) {
                    continue;
                }
                if (!NameRules.isDnsSubdomain(from.getName())) {
                    run.error(f + ".name", "'" + from.getName() + "' is not a valid object name");
                }
            }
        }
    }
}
