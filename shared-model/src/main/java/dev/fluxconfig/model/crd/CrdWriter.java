package dev.fluxconfig.model.crd;

import java.io.File;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;

import dev.fluxconfig.model.FluxConfigConstants;
import dev.fluxconfig.model.v1alpha1.FluxConfig;

/**
 * Build-time generator of the FluxConfig CRD the chart ships (run by the build, not at run time), and of {@code crds/index},
 * which lists it for {@link ProjectCrds} (the real Flux CRD manifests are listed by the Flux stand-in's index). The generator
 * has no annotation for list types, so a post-processor makes {@code spec.kustomizations} a map keyed by name, makes
 * {@code spec} required and puts the printer columns in the tutorial's order.
 */
public final class CrdWriter {

    /** Printer columns of FluxConfig, in the order {@code kubectl get fluxconfigs} shows them. */
    static final List<String> COLUMN_ORDER = List.of("Scope", "URL", "Provision", "Compliance", "Age");

    private CrdWriter() {
    }

    public static void main(String[] args) {
        File out = new File(args.length > 0 ? args[0] : "target/classes/crds");
        if (!out.isDirectory() && !out.mkdirs()) {
            throw new IllegalStateException("cannot create " + out);
        }
        int n = new CRDGenerator()
                .inOutputDir(out)
                .forCRDVersions("v1")
                .withPostProcessor(new FluxConfigPostProcessor())
                .customResourceClasses(FluxConfig.class)
                .generate();
        // the real Flux CRD manifests are the Flux stand-in's (flux-standin lists them in its own crds/index); a build from
        // before they moved may have left copies here, which would ship in the jar
        java.nio.file.Path stale = new File(out, "flux").toPath();
        if (java.nio.file.Files.isDirectory(stale)) {
            try (var walk = java.nio.file.Files.walk(stale)) {
                walk.sorted(Comparator.reverseOrder()).map(java.nio.file.Path::toFile).forEach(File::delete);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        List<String> files = List.of(FluxConfigConstants.CRD_NAME + "-v1.yml");
        try {
            java.nio.file.Files.writeString(new File(out, "index").toPath(), String.join("\n", files) + "\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        System.out.println("[crd-writer] wrote " + n + " CRD to " + out + " and an index of " + files.size());
    }

    static final class FluxConfigPostProcessor implements CRDPostProcessor {
        @Override
        public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
            if (!(crd instanceof CustomResourceDefinition def)
                    || !FluxConfigConstants.CRD_NAME.equals(def.getMetadata().getName())) {
                return crd;
            }
            for (CustomResourceDefinitionVersion version : def.getSpec().getVersions()) {
                // spec sits in the generator's CustomResource base class, where no annotation can make it required
                JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
                List<String> required = new ArrayList<>(root.getRequired() == null ? List.of() : root.getRequired());
                if (!required.contains("spec")) {
                    required.add("spec");
                }
                root.setRequired(required);
                JSONSchemaProps spec = root.getProperties().get("spec");
                JSONSchemaProps kustomizations = spec.getProperties().get("kustomizations");
                kustomizations.setXKubernetesListType("map");
                kustomizations.setXKubernetesListMapKeys(List.of("name"));
                List<CustomResourceColumnDefinition> columns = new ArrayList<>(version.getAdditionalPrinterColumns());
                columns.sort(Comparator.comparingInt(c -> COLUMN_ORDER.indexOf(c.getName())));
                version.setAdditionalPrinterColumns(columns);
            }
            def.getMetadata().setLabels(Map.of("app.kubernetes.io/part-of", "fluxconfig"));
            return def;
        }
    }
}
