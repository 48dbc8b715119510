package dev.fluxconfig.it.chart;

import static dev.fluxconfig.it.chart.FluxConfigChart.FLUX_CONTROLLERS;
import static dev.fluxconfig.it.chart.FluxConfigChart.OURS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The chart README's settings table documents every value of values.yaml, with the same defaults, and nothing that
 * does not exist; the per-component table has the defaults of each component.
 */
class ChartReadmeTest {

    /** Values whose content is free-form (a map users fill), documented as one key. */
    private static final Set<String> FREE_FORM = Set.of("nodeSelector", "affinity");
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| (.*?) \\| .*\\|$");
    private static final Pattern SINGLE_CODE = Pattern.compile("^`([^`]*)`$");

    private static List<String> readme() throws IOException {
        return Files.readAllLines(FluxConfigChart.dir().resolve("README.md"));
    }

    /** Rows of the settings table: key as written → default cell. */
    private static Map<String, String> settingsRows() throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        boolean inSettings = false;
        for (String line : readme()) {
            if (line.startsWith("## ")) {
                inSettings = line.equals("## Settings");
                continue;
            }
            Matcher m = ROW.matcher(line);
            if (inSettings && m.matches()) {
                rows.put(m.group(1), m.group(2));
            }
        }
        return rows;
    }

    private static List<String> expand(String key) {
        List<String> keys = new ArrayList<>();
        if (key.startsWith("<component>.")) {
            for (String c : allComponents()) {
                keys.add(c + key.substring("<component>".length()));
            }
        } else if (key.startsWith("<flux-controller>.")) {
            for (String c : FLUX_CONTROLLERS) {
                keys.add(c + key.substring("<flux-controller>".length()));
            }
        } else {
            keys.add(key);
        }
        return keys;
    }

    private static List<String> allComponents() {
        List<String> all = new ArrayList<>(OURS);
        all.addAll(FLUX_CONTROLLERS);
        return all;
    }

    /** Leaf keys of values.yaml with their values, dotted like {@code --set}. */
    private static Map<String, Object> leaves() {
        Map<String, Object> leaves = new LinkedHashMap<>();
        flatten("", FluxConfigChart.values(), leaves);
        return leaves;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> map, Map<String, Object> into) {
        map.forEach((k, v) -> {
            String key = prefix.isEmpty() ? k : prefix + "." + k;
            if (v instanceof Map<?, ?> nested && !FREE_FORM.contains(key)) {
                flatten(key, (Map<String, Object>) nested, into);
            } else {
                into.put(key, v);
            }
        });
    }

    @Test
    void everyValueIsDocumentedAndEveryDocumentedKeyExists() throws IOException {
        Set<String> documented = new TreeSet<>();
        settingsRows().keySet().forEach(k -> documented.addAll(expand(k)));
        Set<String> values = new TreeSet<>(leaves().keySet());

        assertThat(documented).as("documented keys missing from values.yaml").isSubsetOf(values);
        assertThat(values).as("values.yaml keys missing from the README table").isSubsetOf(documented);
    }

    @Test
    void everySeedSettingIsInTheTable() throws IOException {
        Set<String> documented = new TreeSet<>();
        settingsRows().keySet().forEach(k -> documented.addAll(expand(k)));

        assertThat(documented).contains("source-controller.enabled", "helm-controller.enabled",
                "kustomize-controller.enabled", "notification-controller.enabled", "image-automation-controller.enabled",
                "image-reflector-controller.enabled", "multiTenancy.enforce", "useKubeletIdentity",
                "workloadIdentity.enable", "workloadIdentity.azureClientId", "workloadIdentity.azureTenantId",
                "source-controller.featureGates", "helm-controller.detectDrift", "helm-controller.outOfMemoryWatch.enabled",
                "helm-controller.outOfMemoryWatch.memoryThreshold", "helm-controller.outOfMemoryWatch.interval",
                "kustomize-controller.strict-substitution-mode", "kustomize-controller.concurrent",
                "kustomize-controller.requeue-dependency", "kustomize-controller.enable-in-memory-build",
                "source-controller.resources.limits.memory", "source-controller.resources.limits.cpu",
                "source-controller.resources.requests.memory", "helm-controller.log-level", "fluxconfig-agent.log-level",
                "fluxconfig-controller.log-level", "source-controller.ssh-host-key-args",
                "image-automation-controller.ssh-host-key-args", "setKubeServiceHostFqdn");
    }

    @Test
    void documentedDefaultsAreTheValuesDefaults() throws IOException {
        Map<String, Object> leaves = leaves();
        int compared = 0;
        for (Map.Entry<String, String> row : settingsRows().entrySet()) {
            Matcher code = SINGLE_CODE.matcher(row.getValue().strip());
            if (row.getKey().startsWith("<") || !code.matches() || code.group(1).contains("…")) {
                continue;
            }
            Object value = leaves.get(row.getKey());
            if (value instanceof Map<?, ?> || value instanceof List<?>) {
                continue;
            }
            String expected = value == null || value.toString().isEmpty() ? "\"\"" : value.toString();
            assertThat(code.group(1)).as("README default of " + row.getKey()).isEqualTo(expected);
            compared++;
        }
        assertThat(compared).isGreaterThan(30);
    }

    @Test
    @SuppressWarnings("unchecked")
    void perComponentDefaultsAreTheValuesDefaults() throws IOException {
        Map<String, Object> values = FluxConfigChart.values();
        int rows = 0;
        for (String line : readme()) {
            String[] cells = line.split("\\|");
            if (cells.length < 8 || !allComponents().contains(cells[1].strip())) {
                continue;
            }
            String component = cells[1].strip();
            Map<String, Object> v = (Map<String, Object>) values.get(component);
            Map<String, Object> resources = (Map<String, Object>) v.get("resources");
            Map<String, Object> requests = (Map<String, Object>) resources.get("requests");
            Map<String, Object> limits = (Map<String, Object>) resources.get("limits");
            if (FLUX_CONTROLLERS.contains(component)) {
                assertThat(cells[2].strip()).as(component + " enabled").isEqualTo(String.valueOf(v.get("enabled")));
                assertThat(cells[3].strip()).as(component + " tag")
                        .isEqualTo(((Map<String, Object>) v.get("image")).get("tag"));
            }
            assertThat(cells[4].strip()).as(component + " requests cpu").isEqualTo(requests.get("cpu"));
            assertThat(cells[5].strip()).as(component + " requests memory").isEqualTo(requests.get("memory"));
            assertThat(cells[6].strip()).as(component + " limits cpu").isEqualTo(limits.get("cpu"));
            assertThat(cells[7].strip()).as(component + " limits memory").isEqualTo(limits.get("memory"));
            rows++;
        }
        assertThat(rows).isEqualTo(allComponents().size());
    }
}
