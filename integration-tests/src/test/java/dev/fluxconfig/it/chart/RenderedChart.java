package dev.fluxconfig.it.chart;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;

/** The objects one rendering of the chart produced, with look-ups that fail with a clear message. */
record RenderedChart(List<HasMetadata> objects) {

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name
                + " in the rendered chart; it has " + names()));
    }

    List<String> names() {
        return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
    }

    List<String> deploymentNames() {
        return all(Deployment.class).stream().map(d -> d.getMetadata().getName()).sorted().toList();
    }

    Deployment deployment(String name) {
        return get(Deployment.class, name);
    }

    PodSpec pod(String deployment) {
        return deployment(deployment).getSpec().getTemplate().getSpec();
    }

    /** The main container: `manager` for the Flux controllers and fluxconfig-controller, the only one otherwise. */
    Container container(String deployment) {
        List<Container> containers = pod(deployment).getContainers();
        return containers.stream().filter(c -> "manager".equals(c.getName())).findFirst().orElse(containers.get(0));
    }

    List<String> args(String deployment) {
        return container(deployment).getArgs();
    }

    /** Literal env values by name (downward-API entries map to null). */
    Map<String, String> env(String deployment) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar e : container(deployment).getEnv()) {
            env.put(e.getName(), e.getValue());
        }
        return env;
    }

    EnvVar envVar(String deployment, String name) {
        return container(deployment).getEnv().stream().filter(e -> name.equals(e.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(deployment + " has no env " + name + "; it has "
                        + env(deployment).keySet()));
    }

    Map<String, String> podLabels(String deployment) {
        return deployment(deployment).getSpec().getTemplate().getMetadata().getLabels();
    }

    Map<String, String> podAnnotations(String deployment) {
        Map<String, String> a = deployment(deployment).getSpec().getTemplate().getMetadata().getAnnotations();
        return a == null ? Map.of() : a;
    }

    ServiceAccount serviceAccount(String name) {
        return get(ServiceAccount.class, name);
    }

    Map<String, String> serviceAccountAnnotations(String name) {
        Map<String, String> a = serviceAccount(name).getMetadata().getAnnotations();
        return a == null ? Map.of() : a;
    }

    ClusterRole clusterRole(String name) {
        return get(ClusterRole.class, name);
    }

    ClusterRoleBinding clusterRoleBinding(String name) {
        return get(ClusterRoleBinding.class, name);
    }

    Role role(String name) {
        return get(Role.class, name);
    }

    /** Verbs a role grants on group/resource, over all its rules. */
    static List<String> verbs(List<PolicyRule> rules, String group, String resource) {
        return rules.stream().filter(r -> r.getApiGroups().contains(group) && r.getResources().contains(resource))
                .flatMap(r -> r.getVerbs().stream()).distinct().sorted().collect(Collectors.toList());
    }
}
