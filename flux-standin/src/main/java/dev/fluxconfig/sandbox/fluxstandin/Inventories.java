package dev.fluxconfig.sandbox.fluxstandin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

import dev.fluxconfig.model.FluxConfigConstants;
import dev.fluxconfig.model.flux.common.CrossNamespaceSourceReference;
import dev.fluxconfig.model.flux.helm.HelmChartTemplate;
import dev.fluxconfig.model.flux.helm.HelmChartTemplateSpec;
import dev.fluxconfig.model.flux.helm.HelmRelease;
import dev.fluxconfig.model.flux.helm.HelmReleaseSpec;
import dev.fluxconfig.model.flux.kustomize.ResourceRef;
import dev.fluxconfig.model.flux.source.HelmRepository;
import dev.fluxconfig.model.flux.source.HelmRepositorySpec;

/**
 * What a Kustomization "applies", since the stand-in reads no repository. For the tutorial repository
 * ({@code …/gitops-flux2-kustomize-helm-mt}) it plays what the real manifests contain: {@code ./infrastructure} gives the
 * Namespaces {@code nginx} and {@code redis}, the HelmRepositories {@code bitnami}, {@code ingress-nginx} and
 * {@code podinfo}, the {@code redis-values-…} ConfigMap and the HelmReleases {@code nginx} and {@code redis};
 * {@code ./apps/staging} (and {@code ./apps/production}) give the Namespace {@code podinfo} and the HelmRelease
 * {@code podinfo}. The repository pins those namespaced objects to {@code cluster-config}, the tutorial's configuration
 * namespace; the stand-in puts them into the Kustomization's own namespace (or its {@code targetNamespace}), which is the
 * same thing in the tutorial and keeps parallel test namespaces apart. The HelmReleases install into the workload
 * namespaces {@code nginx}, {@code redis} and {@code podinfo} through {@code spec.targetNamespace}, as in the repository.
 * Any other repository or path yields a single inventory entry, a ConfigMap named after the Kustomization, that is listed
 * but never created.
 */
public final class Inventories {

    /** How the tutorial repository's URL ends. */
    public static final String TUTORIAL_REPOSITORY = "gitops-flux2-kustomize-helm-mt";

    private static final String REDIS_VALUES = """
            # values for the redis chart, written by the flux stand-in (test equipment)
            architecture: standalone
            auth:
              enabled: false
            """;

    private Inventories() {
    }

    /** One object a Kustomization applies, with the inventory coordinates Flux records for it. */
    public record Planned(HasMetadata object, String group, String version, String kind, boolean create) {

        /** The inventory id: {@code <namespace>_<name>_<group>_<kind>}. */
        public String id() {
            return ResourceRef.idOf(object.getMetadata().getNamespace(), object.getMetadata().getName(), group, kind);
        }

        public ResourceRef ref() {
            return new ResourceRef(id(), version);
        }
    }

    /** Whether a source URL is the tutorial repository. */
    public static boolean isTutorial(String url) {
        if (url == null) {
            return false;
        }
        String u = url.trim().toLowerCase(Locale.ROOT);
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        if (u.endsWith(".git")) {
            u = u.substring(0, u.length() - 4);
        }
        return u.endsWith("/" + TUTORIAL_REPOSITORY) || u.endsWith(":" + TUTORIAL_REPOSITORY);
    }

    /** A Kustomization path without {@code ./} and slashes at either end; {@code ""} for the root. */
    public static String normalizePath(String path) {
        String p = path == null ? "" : path.trim();
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.equals(".") ? "" : p;
    }

    /**
     * The objects a Kustomization applies.
     *
     * @param sourceKind kind of its source (only a GitRepository can be the tutorial repository)
     * @param sourceUrl URL of its source
     * @param path its {@code spec.path}
     * @param name its name
     * @param namespace its namespace
     * @param targetNamespace its {@code spec.targetNamespace}, or null
     */
    public static List<Planned> plan(String sourceKind, String sourceUrl, String path, String name, String namespace,
            String targetNamespace) {
        String ns = targetNamespace == null || targetNamespace.isBlank() ? namespace : targetNamespace;
        List<Planned> out = new ArrayList<>();
        if ("GitRepository".equals(sourceKind) && isTutorial(sourceUrl)) {
            switch (normalizePath(path)) {
                case "infrastructure" -> {
                    out.add(namespace("nginx"));
                    out.add(namespace("redis"));
                    out.add(helmRepository("bitnami", ns, "https://charts.bitnami.com/bitnami", "30m"));
                    out.add(helmRepository("ingress-nginx", ns, "https://kubernetes.github.io/ingress-nginx", "30m"));
                    out.add(helmRepository("podinfo", ns, "https://stefanprodan.github.io/podinfo", "5m"));
                    out.add(redisValues(ns));
                    out.add(helmRelease("nginx", ns, "nginx", "nginx-ingress-controller", "ingress-nginx", "4.10.1",
                            "ingress-nginx", "1h0m0s"));
                    out.add(helmRelease("redis", ns, "redis", "redis", "redis", "17.x", "bitnami", "1h0m0s"));
                }
                case "apps/staging", "apps/production" -> {
                    out.add(namespace("podinfo"));
                    out.add(helmRelease("podinfo", ns, "podinfo", "podinfo", "podinfo", ">=1.0.0-alpha", "podinfo", "5m"));
                }
                default -> out.add(placeholder(name, ns));
            }
        } else {
            out.add(placeholder(name, ns));
        }
        out.sort(Comparator.comparing(Planned::id));
        return out;
    }

    /** The inventory entries of planned objects, in id order. */
    public static List<ResourceRef> entries(List<Planned> planned) {
        return planned.stream().map(Planned::ref).sorted(Comparator.comparing(ResourceRef::getId)).toList();
    }

    /**
     * The name kustomize's configMapGenerator would give the tutorial's redis values: a content hash suffix. Ours hashes our
     * own content, so only the shape matches.
     */
    static String redisValuesName() {
        String hex = Revisions.sha256Hex(REDIS_VALUES);
        String alphabet = "bcdfghkmt2456789";
        StringBuilder b = new StringBuilder("redis-values-");
        for (int i = 0; i < 10; i++) {
            b.append(alphabet.charAt(Character.digit(hex.charAt(i), 16)));
        }
        return b.toString();
    }

    private static Planned namespace(String name) {
        Namespace n = new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
        return new Planned(n, "", "v1", "Namespace", true);
    }

    private static Planned redisValues(String ns) {
        ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName(redisValuesName()).withNamespace(ns).endMetadata()
                .withData(Map.of("values.yaml", REDIS_VALUES)).build();
        return new Planned(cm, "", "v1", "ConfigMap", true);
    }

    private static Planned placeholder(String kustomization, String ns) {
        ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName(kustomization).withNamespace(ns).endMetadata()
                .build();
        return new Planned(cm, "", "v1", "ConfigMap", false);
    }

    private static Planned helmRepository(String name, String ns, String url, String interval) {
        HelmRepository r = new HelmRepository();
        r.setMetadata(meta(name, ns));
        HelmRepositorySpec spec = new HelmRepositorySpec();
        spec.setUrl(url);
        spec.setInterval(interval);
        r.setSpec(spec);
        return new Planned(r, FluxConfigConstants.SOURCE_GROUP, FluxConfigConstants.SOURCE_VERSION, "HelmRepository", true);
    }

    private static Planned helmRelease(String name, String ns, String targetNamespace, String releaseName, String chart,
            String version, String repository, String interval) {
        HelmRelease hr = new HelmRelease();
        hr.setMetadata(meta(name, ns));
        HelmChartTemplateSpec chartSpec = new HelmChartTemplateSpec();
        chartSpec.setChart(chart);
        chartSpec.setVersion(version);
        // as Flux's schema defaults it, so the object in the API equals the one applied
        chartSpec.setReconcileStrategy("ChartVersion");
        chartSpec.setSourceRef(new CrossNamespaceSourceReference("HelmRepository", repository, ns));
        HelmChartTemplate template = new HelmChartTemplate();
        template.setSpec(chartSpec);
        HelmReleaseSpec spec = new HelmReleaseSpec();
        spec.setChart(template);
        spec.setTargetNamespace(targetNamespace);
        spec.setReleaseName(releaseName);
        spec.setInterval(interval);
        hr.setSpec(spec);
        return new Planned(hr, FluxConfigConstants.HELM_GROUP, FluxConfigConstants.HELM_VERSION, "HelmRelease", true);
    }

    private static ObjectMeta meta(String name, String ns) {
        return new ObjectMetaBuilder().withName(name).withNamespace(ns).withLabels(new LinkedHashMap<>()).build();
    }
}
