package dev.fluxconfig.sandbox.fluxstandin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import dev.fluxconfig.model.FluxConfigConstants;
import dev.fluxconfig.model.crd.ProjectCrds;

/**
 * The stand-in's index lists every Flux CRD manifest it carries, and with the stand-in on the classpath
 * {@link ProjectCrds} loads them after the FluxConfig CRD.
 */
class FluxCrdsTest {

    @Test
    void theIndexListsEveryManifest() throws IOException, URISyntaxException {
        Path dir = Path.of(FluxCrdsTest.class.getClassLoader().getResource("crds/flux").toURI());
        Path index = dir.resolveSibling("index");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(Files.readAllLines(index).stream().filter(l -> !l.isBlank()))
                    .containsExactlyInAnyOrderElementsOf(files.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".yaml")).map(n -> "flux/" + n).toList());
        }
    }

    @Test
    void projectCrdsLoadsTheFluxConfigCrdAndTheSevenFluxCrds() {
        try (KubernetesClient client = new KubernetesClientBuilder().build()) {
            var names = ProjectCrds.load(client).stream().map(crd -> crd.getMetadata().getName()).toList();
            assertThat(names).contains(FluxConfigConstants.CRD_NAME).containsAll(Arrays.asList(
                    "gitrepositories.source.toolkit.fluxcd.io", "buckets.source.toolkit.fluxcd.io",
                    "ocirepositories.source.toolkit.fluxcd.io", "helmrepositories.source.toolkit.fluxcd.io",
                    "helmcharts.source.toolkit.fluxcd.io", "kustomizations.kustomize.toolkit.fluxcd.io",
                    "helmreleases.helm.toolkit.fluxcd.io")).hasSize(8).doesNotHaveDuplicates();
        }
    }
}
