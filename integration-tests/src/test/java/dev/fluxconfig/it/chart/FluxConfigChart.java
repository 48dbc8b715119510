package dev.fluxconfig.it.chart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import dev.fluxconfig.testing.RealKubeServer;

/** The extension chart in helm/fluxconfig, rendered by the real Helm library (helm-java) into typed objects. */
final class FluxConfigChart {

    static final String RELEASE = "flux";
    static final String NAMESPACE = "flux-system";

    /** Flux controllers the chart can install, in the seed's order. */
    static final List<String> FLUX_CONTROLLERS = List.of("source-controller", "kustomize-controller", "helm-controller",
            "notification-controller", "image-automation-controller", "image-reflector-controller");
    /** Our two components. */
    static final List<String> OURS = List.of("fluxconfig-agent", "fluxconfig-controller");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private FluxConfigChart() {
    }

    static Path dir() {
        return RealKubeServer.repoRoot().resolve("helm/fluxconfig");
    }

    static Helm helm() {
        return new Helm(dir());
    }

    /** Renders the chart with these {@code --set} values (dotted keys, exactly as a user types them). */
    static RenderedChart render(Map<String, ?> sets) {
        TemplateCommand template = helm().template().withName(RELEASE).withNamespace(NAMESPACE);
        sets.forEach(template::set);
        return parse(template.call());
    }

    static RenderedChart render() {
        return render(Map.of());
    }

    /** Renders the chart with a values file (string values stay strings, as with {@code --set-string}). */
    static RenderedChart renderWithValues(String valuesYaml) {
        try {
            Path file = Files.createTempFile("fluxconfig-values", ".yaml");
            try {
                Files.writeString(file, valuesYaml);
                return parse(helm().template().withName(RELEASE).withNamespace(NAMESPACE).withValuesFile(file).call());
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static RenderedChart parse(String manifests) {
        Object parsed = SERIALIZATION.unmarshal(manifests);
        @SuppressWarnings("unchecked")
        List<HasMetadata> objects = parsed instanceof List<?> list ? (List<HasMetadata>) list : List.of((HasMetadata) parsed);
        return new RenderedChart(objects);
    }

    /** The values file parsed as plain maps. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> values() {
        try {
            return SERIALIZATION.unmarshal(Files.readString(dir().resolve("values.yaml")), Map.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
