package dev.fluxconfig.controller.desired;

import static dev.fluxconfig.model.FluxConfigConstants.*;

import java.util.ArrayList;
import java.util.List;

import dev.fluxconfig.model.Durations;
import dev.fluxconfig.model.flux.common.CrossNamespaceSourceReference;
import dev.fluxconfig.model.flux.common.NamespacedObjectReference;
import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.model.flux.kustomize.KustomizationSpec;
import dev.fluxconfig.model.flux.kustomize.KustomizePatch;
import dev.fluxconfig.model.flux.kustomize.PatchSelector;
import dev.fluxconfig.model.flux.kustomize.PostBuild;
import dev.fluxconfig.model.flux.kustomize.SubstituteReference;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.spec.KustomizationDefinition;
import dev.fluxconfig.model.v1alpha1.spec.SourceKind;

/** One Flux Kustomization per kustomization entry, named {@code <config>-<name>}. */
public final class KustomizationDesired {

    private KustomizationDesired() {
    }

    /** The Kustomizations of a configuration, in spec order. */
    public static List<Kustomization> desired(FluxConfig config, boolean multiTenancy) {
        List<Kustomization> out = new ArrayList<>();
        for (KustomizationDefinition def : config.getSpec().getKustomizations()) {
            out.add(desired(config, def, multiTenancy));
        }
        return out;
    }

    public static Kustomization desired(FluxConfig config, KustomizationDefinition def, boolean multiTenancy) {
        String configName = config.getMetadata().getName();
        String namespace = config.getMetadata().getNamespace();
        SourceKind kind = config.getSpec().getSourceKind();
        Kustomization k = new Kustomization();
        k.setMetadata(ChildLabels.metadata(config, kustomizationName(configName, def.getName())));
        KustomizationSpec s = new KustomizationSpec();
        s.setSourceRef(new CrossNamespaceSourceReference(SourceDesired.fluxKind(kind), sourceName(configName), namespace));
        s.setPath(def.getPath() == null ? "" : def.getPath());
        long interval = SourceDesired.orDefault(def.getSyncIntervalInSeconds());
        s.setInterval(Durations.toFlux(interval));
        s.setTimeout(Durations.toFlux(SourceDesired.orDefault(def.getTimeoutInSeconds())));
        if (def.getRetryIntervalInSeconds() != null) {
            s.setRetryInterval(Durations.toFlux(def.getRetryIntervalInSeconds()));
        }
        s.setPrune(Boolean.TRUE.equals(def.getPrune()));
        s.setForce(Boolean.TRUE.equals(def.getForce()));
        s.setWait(def.getWait() == null || def.getWait());
        List<NamespacedObjectReference> deps = new ArrayList<>();
        for (String dep : def.getDependsOn() == null ? List.<String>of() : def.getDependsOn()) {
            deps.add(new NamespacedObjectReference(kustomizationName(configName, dep), null));
        }
        s.setDependsOn(deps.isEmpty() ? null : deps);
        if (def.getPostBuild() != null) {
            PostBuild pb = new PostBuild();
            pb.setSubstitute(def.getPostBuild().getSubstitute());
            if (def.getPostBuild().getSubstituteFrom() != null) {
                pb.setSubstituteFrom(def.getPostBuild().getSubstituteFrom().stream()
                        .map(f -> new SubstituteReference(f.getKind(), f.getName(), Boolean.TRUE.equals(f.getOptional())))
                        .toList());
            }
            s.setPostBuild(pb);
        }
        if (multiTenancy) {
            s.setServiceAccountName(ApplierRbacDesired.serviceAccountName(configName));
        }
        if (kind == SourceKind.GIT_REPOSITORY) {
            s.setPatches(List.of(managedSourcePatch(configName, namespace)));
        }
        s.setSuspend(Boolean.TRUE.equals(config.getSpec().getSuspend()));
        k.setSpec(s);
        return k;
    }

    /** Points HelmReleases annotated use-managed-source at the configuration's GitRepository. */
    public static KustomizePatch managedSourcePatch(String configName, String namespace) {
        String patch = "- op: add\n  path: /spec/chart/spec/sourceRef\n  value:\n    kind: GitRepository\n    name: "
                + sourceName(configName) + "\n    namespace: " + namespace + "\n";
        PatchSelector target = new PatchSelector();
        target.setGroup(HELM_GROUP);
        target.setKind("HelmRelease");
        target.setAnnotationSelector(ANNOTATION_USE_MANAGED_SOURCE + "=true");
        return new KustomizePatch(patch, target);
    }
}
