package dev.fluxconfig.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.fluxconfig.model.v1alpha1.FluxConfigSpec;
import dev.fluxconfig.model.v1alpha1.spec.BucketDefinition;
import dev.fluxconfig.model.v1alpha1.spec.GitRepositoryDefinition;
import dev.fluxconfig.model.v1alpha1.spec.KustomizationDefinition;
import dev.fluxconfig.model.v1alpha1.spec.OciRepositoryDefinition;
import dev.fluxconfig.model.v1alpha1.spec.RepositoryRef;
import dev.fluxconfig.model.v1alpha1.spec.ScopeType;
import dev.fluxconfig.model.v1alpha1.spec.SourceKind;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any configuration built within the rules passes validation. */
class ValidConfigurationPropertiesTest {

    record Generated(String name, String namespace, FluxConfigSpec spec, Map<String, String> secrets) {
    }

    @Property(tries = 500)
    void validConfigurationsPass(@ForAll("configurations") Generated g) {
        assertThat(FluxConfigValidator.validate(g.name(), g.namespace(), g.spec(), g.secrets())).isEmpty();
    }

    static Arbitrary<String> dnsLabel(int min, int max) {
        Arbitrary<Character> edge = Arbitraries.chars().range('a', 'z').range('0', '9');
        Arbitrary<String> middle = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-")
                .ofMaxLength(max - 2);
        return Combinators.combine(edge, middle, edge).as((a, m, b) -> a + m + b).filter(s -> s.length() >= min);
    }

    @Provide
    Arbitrary<Generated> configurations() {
        Arbitrary<String> names = dnsLabel(2, 20);
        Arbitrary<Long> seconds = Arbitraries.longs().between(1, 35_791_394L);
        Arbitrary<Integer> kinds = Arbitraries.integers().between(0, 2);
        Arbitrary<List<String>> kustomizationNames = dnsLabel(2, 30).set().ofMinSize(1).ofMaxSize(6)
                .map(s -> new ArrayList<>(s));
        Arbitrary<Long> dependencySeed = Arbitraries.longs();
        return Combinators.combine(names, dnsLabel(2, 30), kinds, kustomizationNames, seconds, dependencySeed)
                .as((name, ns, kind, kNames, secs, seed) -> build(name, ns, kind, kNames, secs, seed));
    }

    private static Generated build(String name, String ns, int kind, List<String> kNames, long secs, long seed) {
        FluxConfigSpec spec = new FluxConfigSpec();
        spec.setScope(seed % 2 == 0 ? ScopeType.CLUSTER : ScopeType.NAMESPACE);
        Map<String, String> secrets = new HashMap<>();
        switch (kind) {
            case 0 -> {
                GitRepositoryDefinition git = new GitRepositoryDefinition();
                git.setUrl("https://example.com/org/" + name + ".git");
                git.setSyncIntervalInSeconds(secs);
                RepositoryRef ref = new RepositoryRef();
                ref.setBranch("main");
                git.setRepositoryRef(ref);
                spec.setGitRepository(git);
            }
            case 1 -> {
                spec.setSourceKind(SourceKind.BUCKET);
                BucketDefinition b = new BucketDefinition();
                b.setUrl("https://minio.example.com");
                b.setBucketName("bucket-" + name);
                b.setLocalAuthRef("creds");
                b.setTimeoutInSeconds(secs);
                spec.setBucket(b);
            }
            default -> {
                spec.setSourceKind(SourceKind.OCI_REPOSITORY);
                OciRepositoryDefinition o = new OciRepositoryDefinition();
                o.setUrl("oci://ghcr.io/org/" + name);
                spec.setOciRepository(o);
            }
        }
        // A random DAG: each kustomization may depend only on kustomizations listed before it.
        java.util.Random random = new java.util.Random(seed);
        List<KustomizationDefinition> list = new ArrayList<>();
        for (int i = 0; i < kNames.size(); i++) {
            String kn = kNames.get(i).substring(0, Math.min(kNames.get(i).length(), 62 - name.length()));
            if (kn.endsWith("-")) {
                kn = kn.substring(0, kn.length() - 1) + "k";
            }
            KustomizationDefinition k = new KustomizationDefinition(kn, "./" + kn);
            Set<String> deps = new LinkedHashSet<>();
            for (int j = 0; j < i; j++) {
                if (random.nextBoolean()) {
                    deps.add(list.get(j).getName());
                }
            }
            k.setDependsOn(new ArrayList<>(deps));
            k.setSyncIntervalInSeconds(secs);
            list.add(k);
        }
        // truncation may have produced duplicates; keep the first of each name
        Map<String, KustomizationDefinition> unique = new java.util.LinkedHashMap<>();
        list.forEach(k -> unique.putIfAbsent(k.getName(), k));
        Set<String> kept = unique.keySet();
        unique.values().forEach(k -> k.setDependsOn(new ArrayList<>(k.getDependsOn().stream().filter(kept::contains)
                .filter(d -> !d.equals(k.getName())).toList())));
        spec.setKustomizations(new ArrayList<>(unique.values()));
        return new Generated(name, ns, spec, secrets);
    }
}
