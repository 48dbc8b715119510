package dev.fluxconfig.model.crd;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;

/**
 * The CRDs every Kubernetes API the project runs against needs, read from the classpath through every {@code crds/index}
 * on it: shared-model's lists the generated FluxConfig CRD; the Flux stand-in's ({@code flux-standin}, test equipment)
 * lists the real Flux CRD manifests under {@code crds/flux/}, so they are installed wherever the stand-in is on the
 * classpath and never ship with the products.
 */
public final class ProjectCrds {

    private ProjectCrds() {
    }

    /** The CRDs listed in every {@code crds/index} on the classpath, each in its order (files relative to {@code crds/}). */
    public static List<CustomResourceDefinition> load(KubernetesClient client) {
        List<CustomResourceDefinition> crds = new ArrayList<>();
        try {
            ClassLoader cl = ProjectCrds.class.getClassLoader();
            List<URL> indexes = Collections.list(cl.getResources("crds/index"));
            if (indexes.isEmpty()) {
                throw new IllegalStateException("crds/index is not on the classpath; build shared-model first");
            }
            for (URL index : indexes) {
                String files;
                try (InputStream in = index.openStream()) {
                    files = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                for (String file : files.split("\n")) {
                    if (file.isBlank()) {
                        continue;
                    }
                    try (InputStream in = cl.getResourceAsStream("crds/" + file.strip())) {
                        if (in == null) {
                            throw new IllegalStateException("crds/" + file.strip() + " is listed in " + index + " but missing");
                        }
                        for (HasMetadata item : client.load(in).items()) {
                            crds.add((CustomResourceDefinition) item);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the CRDs from the classpath", e);
        }
        return crds;
    }

    /**
     * Applies every CRD (server-side) and waits until each is Established; returns their names. A server older than 1.23
     * does not know CEL rules ({@code x-kubernetes-validations}) and refuses a server-side apply that carries them with
     * an error the client retries for about 20 seconds before giving up; so on such a server the rules are left out from
     * the start, which is what a create or update there stores anyway. A later server that still refuses them (the
     * rules were gated before 1.25) gets the CRD again without them.
     */
    public static List<String> install(KubernetesClient client) {
        return install(client, crd -> true);
    }

    /** As {@link #install(KubernetesClient)}, for the CRDs {@code which} accepts only. */
    public static List<String> install(KubernetesClient client, Predicate<CustomResourceDefinition> which) {
        List<String> names = new ArrayList<>();
        boolean celKnown = knowsCelRules(client);
        for (CustomResourceDefinition crd : load(client)) {
            if (!which.test(crd)) {
                continue;
            }
            if (!celKnown) {
                withoutCelRules(crd);
            }
            try {
                client.apiextensions().v1().customResourceDefinitions().resource(crd).forceConflicts().serverSideApply();
            } catch (KubernetesClientException e) {
                if (!celRulesRefused(e)) {
                    throw e;
                }
                withoutCelRules(crd);
                client.apiextensions().v1().customResourceDefinitions().resource(crd).forceConflicts().serverSideApply();
            }
            names.add(crd.getMetadata().getName());
        }
        for (String name : names) {
            client.apiextensions().v1().customResourceDefinitions().withName(name)
                    .waitUntilCondition(ProjectCrds::established, 60, TimeUnit.SECONDS);
        }
        return names;
    }

    /**
     * Whether the server has established this CRD. A CRD just created may carry a status without conditions yet (the
     * server fills them a moment later), which is "not yet", not an error.
     */
    static boolean established(CustomResourceDefinition crd) {
        if (crd == null || crd.getStatus() == null || crd.getStatus().getConditions() == null) {
            return false;
        }
        return crd.getStatus().getConditions().stream()
                .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Whether the server's API types have the CEL rules field (1.23 and later); true when its version cannot be read. */
    static boolean knowsCelRules(KubernetesClient client) {
        try {
            VersionInfo version = client.getKubernetesVersion();
            return knowsCelRules(version.getMajor(), version.getMinor());
        } catch (KubernetesClientException | NullPointerException e) {
            return true;
        }
    }

    static boolean knowsCelRules(String major, String minor) {
        int ma = leadingNumber(major);
        int mi = leadingNumber(minor);
        return ma < 0 || mi < 0 || ma > 1 || mi >= 23;
    }

    /** The number a version part starts with ("20+" is 20), or -1. */
    private static int leadingNumber(String part) {
        if (part == null) {
            return -1;
        }
        int end = 0;
        while (end < part.length() && end < 6 && Character.isDigit(part.charAt(end))) {
            end++;
        }
        return end == 0 ? -1 : Integer.parseInt(part.substring(0, end));
    }

    static boolean celRulesRefused(KubernetesClientException e) {
        String message = e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : e.getMessage();
        return message != null && message.contains("x-kubernetes-validations") && message.contains("not declared in schema");
    }

    /** Removes every CEL rule from the CRD's schemas (in place). */
    public static CustomResourceDefinition withoutCelRules(CustomResourceDefinition crd) {
        crd.getSpec().getVersions().forEach(v -> strip(v.getSchema().getOpenAPIV3Schema()));
        return crd;
    }

    private static void strip(JSONSchemaProps schema) {
        if (schema == null) {
            return;
        }
        schema.setXKubernetesValidations(null);
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(ProjectCrds::strip);
        }
        if (schema.getItems() != null) {
            strip(schema.getItems().getSchema());
            if (schema.getItems().getJSONSchemas() != null) {
                schema.getItems().getJSONSchemas().forEach(ProjectCrds::strip);
            }
        }
        if (schema.getAdditionalProperties() != null) {
            strip(schema.getAdditionalProperties().getSchema());
        }
        for (List<JSONSchemaProps> list : List.of(nonNull(schema.getAllOf()), nonNull(schema.getAnyOf()),
                nonNull(schema.getOneOf()))) {
            list.forEach(ProjectCrds::strip);
        }
    }

    private static List<JSONSchemaProps> nonNull(List<JSONSchemaProps> list) {
        return list == null ? List.of() : list;
    }
}
