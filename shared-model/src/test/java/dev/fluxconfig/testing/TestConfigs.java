package dev.fluxconfig.testing;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.FluxConfigSpec;
import dev.fluxconfig.model.v1alpha1.spec.GitRepositoryDefinition;
import dev.fluxconfig.model.v1alpha1.spec.KustomizationDefinition;
import dev.fluxconfig.model.v1alpha1.spec.RepositoryRef;
import dev.fluxconfig.model.v1alpha1.spec.ScopeType;
import dev.fluxconfig.model.v1alpha1.spec.SourceKind;

/** Configurations shaped like the tutorial's, for tests of every module. */
public final class TestConfigs {

    public static final String TUTORIAL_URL = "https://github.com/Azure/gitops-flux2-kustomize-helm-mt";

    private TestConfigs() {
    }

    /** The tutorial's cluster-config: git, branch main, infra and apps (apps depends on infra), both prune. */
    public static FluxConfig tutorial(String name, String namespace) {
        FluxConfig config = new FluxConfig();
        config.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        config.setSpec(tutorialSpec(name));
        return config;
    }

    public static FluxConfigSpec tutorialSpec(String name) {
        FluxConfigSpec spec = new FluxConfigSpec();
        spec.setScope(ScopeType.CLUSTER);
        spec.setSourceKind(SourceKind.GIT_REPOSITORY);
        GitRepositoryDefinition git = new GitRepositoryDefinition();
        git.setUrl(TUTORIAL_URL);
        RepositoryRef ref = new RepositoryRef();
        ref.setBranch("main");
        git.setRepositoryRef(ref);
        spec.setGitRepository(git);
        KustomizationDefinition infra = new KustomizationDefinition("infra", "./infrastructure");
        infra.setPrune(true);
        KustomizationDefinition apps = new KustomizationDefinition("apps", "./apps/staging");
        apps.setPrune(true);
        apps.setDependsOn(new ArrayList<>(List.of("infra")));
        spec.setKustomizations(new ArrayList<>(List.of(infra, apps)));
        spec.setOperationId("00000000-0000-0000-0000-000000000001");
        spec.setCorrelationId("00000000-0000-0000-0000-0000000000c1");
        return spec;
    }
}
