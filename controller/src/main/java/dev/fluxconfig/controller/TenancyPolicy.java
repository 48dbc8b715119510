package dev.fluxconfig.controller;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.spec.ScopeType;

/**
 * Which FluxConfigs the controller honours (settings {@code fluxconfig.controller.tenancy.*}): none in a reserved
 * namespace, none of scope cluster when cluster scope is off, and only those matching the honour selector. A refused
 * configuration gets nothing generated; the reason names the setting that refused it.
 */
public final class TenancyPolicy {

    private static final Pattern LABEL_KEY = Pattern
            .compile("^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$");

    private final List<String> reserved;
    private final boolean clusterScope;
    private final String selectorText;
    private final List<Requirement> selector;

    /** One term of an equality-based label selector. */
    private record Requirement(String key, String value, boolean present) {

        boolean matches(Map<String, String> labels) {
            String actual = labels == null ? null : labels.get(key);
            if (value == null) {
                return present == (actual != null);
            }
            return present == value.equals(actual);
        }
    }

    public TenancyPolicy(List<String> reservedNamespaces, boolean clusterScope, Optional<String> honourSelector) {
        this.reserved = reservedNamespaces.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        this.clusterScope = clusterScope;
        this.selectorText = honourSelector.map(String::strip).orElse("");
        this.selector = parse(selectorText);
    }

    static TenancyPolicy of(ControllerConfig settings) {
        return new TenancyPolicy(settings.tenancy().reservedNamespaces(), settings.tenancy().clusterScope(),
                settings.tenancy().honourSelector());
    }

    /** Why the configuration is not honoured, or empty when it is. */
    public Optional<String> refusal(FluxConfig config) {
        String ns = config.getMetadata().getNamespace();
        for (String pattern : reserved) {
            if (pattern.endsWith("*") ? ns.startsWith(pattern.substring(0, pattern.length() - 1)) : ns.equals(pattern)) {
                return Optional.of("namespace " + ns + " is reserved (setting tenancy.reservedNamespaces: "
                        + String.join(",", reserved) + "); put the configuration in a namespace of its own");
            }
        }
        if (!clusterScope && config.getSpec() != null && config.getSpec().getScope() == ScopeType.CLUSTER) {
            return Optional.of("configurations of scope cluster are turned off (setting tenancy.clusterScope=false); "
                    + "use scope namespace");
        }
        for (Requirement r : selector) {
            if (!r.matches(config.getMetadata().getLabels())) {
                return Optional.of("the configuration does not match the labels this controller honours (setting "
                        + "tenancy.honourSelector: " + selectorText + ")");
            }
        }
        return Optional.empty();
    }

    /** Parses {@code key=value}, {@code key==value}, {@code key!=value}, {@code key} and {@code !key}, comma separated. */
    static List<Requirement> parse(String text) {
        List<Requirement> out = new ArrayList<>();
        if (text.isEmpty()) {
            return out;
        }
        for (String term : text.split(",")) {
            String t = term.strip();
            Requirement r;
            if (t.contains("!=")) {
                r = new Requirement(t.substring(0, t.indexOf("!=")).strip(), t.substring(t.indexOf("!=") + 2).strip(), false);
            } else if (t.contains("=")) {
                String value = t.substring(t.indexOf('=') + 1);
                r = new Requirement(t.substring(0, t.indexOf('=')).strip(),
                        (value.startsWith("=") ? value.substring(1) : value).strip(), true);
            } else if (t.startsWith("!")) {
                r = new Requirement(t.substring(1).strip(), null, false);
            } else {
                r = new Requirement(t, null, true);
            }
            if (!LABEL_KEY.matcher(r.key()).matches() || (r.value() != null && r.value().contains("="))) {
                throw new IllegalArgumentException("setting tenancy.honourSelector: '" + t
                        + "' is not a label requirement (key=value, key!=value, key or !key)");
            }
            out.add(r);
        }
        return out;
    }
}
