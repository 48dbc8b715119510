package dev.fluxconfig.model.validation;

import static dev.fluxconfig.model.FluxConfigConstants.kustomizationName;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The naming rules of Kubernetes and of this API, in one place for the validator, the CRD schema, the agent, the
 * controller and the CLI: DNS-1123 labels and subdomains, label values, the names of configurations and kustomizations,
 * and the rule that a generated Kustomization name stays a valid label value. The checks name the field they judge.
 */
public final class NameRules {

    /** Longest DNS-1123 label (a namespace, a configuration or kustomization name). */
    public static final int MAX_LABEL = 63;
    /** Longest DNS-1123 subdomain (most Kubernetes object names: Secrets, ConfigMaps, service accounts). */
    public static final int MAX_SUBDOMAIN = 253;
    /** Longest label value; Flux uses Kustomization names as label values. */
    public static final int MAX_LABEL_VALUE = 63;

    /** A DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit. */
    public static final String LABEL_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
    /** A DNS-1123 subdomain: labels separated by '.'. */
    public static final String SUBDOMAIN_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
    /**
     * A configuration or kustomization name: lower-case letters, digits, '-' and '.', starting and ending with a letter or
     * digit (the ARM rule; the length is that of a label).
     */
    public static final String NAME_PATTERN = "^[a-z0-9]([.\\-a-z0-9]*[a-z0-9])?$";
    /** A label value (empty, or alphanumerics with '-', '_' and '.' inside). */
    public static final String LABEL_VALUE_PATTERN = "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$";

    private static final Pattern LABEL = Pattern.compile(LABEL_PATTERN);
    private static final Pattern SUBDOMAIN = Pattern.compile(SUBDOMAIN_PATTERN);
    private static final Pattern NAME = Pattern.compile(NAME_PATTERN);
    private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_PATTERN);

    private NameRules() {
    }

    /** Whether a value is a DNS-1123 label of at most {@link #MAX_LABEL} characters. */
    public static boolean isDnsLabel(String value) {
        return value != null && value.length() <= MAX_LABEL && LABEL.matcher(value).matches();
    }

    /** Whether a value is a DNS-1123 subdomain of at most {@link #MAX_SUBDOMAIN} characters. */
    public static boolean isDnsSubdomain(String value) {
        return value != null && value.length() <= MAX_SUBDOMAIN && SUBDOMAIN.matcher(value).matches();
    }

    /** Whether a value can be a label value. */
    public static boolean isLabelValue(String value) {
        return value != null && value.length() <= MAX_LABEL_VALUE && LABEL_VALUE.matcher(value).matches();
    }

    /** The broken rule of a configuration's name (field {@code name}), if any. */
    public static Optional<ValidationError> checkConfigurationName(String name) {
        if (name == null || name.isEmpty()) {
            return error("name", "is required");
        }
        return checkName("name", name);
    }

    /** The broken rule of a configuration's namespace (field {@code namespace}), if any. */
    public static Optional<ValidationError> checkNamespace(String namespace) {
        if (namespace == null || namespace.isEmpty()) {
            return error("namespace", "is required");
        }
        if (namespace.length() > MAX_LABEL) {
            return tooLong("namespace", namespace);
        }
        if (!LABEL.matcher(namespace).matches()) {
            return error("namespace", "'" + namespace + "' must consist of lower-case letters, digits and '-', "
                    + "and start and end with a letter or digit");
        }
        return Optional.empty();
    }

    /**
     * The broken rule of a kustomization's name, if any: the name rule, then the generated Kustomization name
     * ({@code <config>-<kustomization>}) must stay a valid label value. A configuration name that breaks its own length
     * rule is reported there, not again here.
     *
     * @param field the field to name, such as {@code kustomizations[apps].name}
     * @param name a name that is neither null nor empty
     */
    public static Optional<ValidationError> checkKustomizationName(String field, String configName, String name) {
        Optional<ValidationError> broken = checkName(field, name);
        if (broken.isPresent()) {
            return broken;
        }
        int generated = configName == null ? 0 : configName.length() + 1 + name.length();
        if (configName != null && configName.length() <= MAX_LABEL && generated > MAX_LABEL_VALUE) {
            return error(field, "configuration name and kustomization name together are " + (generated - 1)
                    + " characters long; at most " + (MAX_LABEL_VALUE - 1) + " are allowed, so that '"
                    + kustomizationName(configName, name) + "' stays a valid label value");
        }
        return Optional.empty();
    }

    /** A configuration or kustomization name: at most a label long, in {@link #NAME_PATTERN}. */
    private static Optional<ValidationError> checkName(String field, String name) {
        if (name.length() > MAX_LABEL) {
            return tooLong(field, name);
        }
        if (!NAME.matcher(name).matches()) {
            return error(field, "'" + name + "' must consist of lower-case letters, digits, '-' and '.', "
                    + "and start and end with a letter or digit");
        }
        return Optional.empty();
    }

    private static Optional<ValidationError> tooLong(String field, String value) {
        return error(field, "'" + value + "' is " + value.length() + " characters long; at most " + MAX_LABEL
                + " are allowed");
    }

    private static Optional<ValidationError> error(String field, String message) {
        return Optional.of(new ValidationError(field, message));
    }
}
