package dev.fluxconfig.controller;

import static dev.fluxconfig.controller.ControllerTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.fluxconfig.model.flux.kustomize.Kustomization;
import dev.fluxconfig.testing.TestConfigs;

/** multiTenancy.enforce=false: no service account on Kustomizations and no applier RBAC. */
@QuarkusTest
@TestProfile(MultiTenancyOffIT.Off.class)
@QuarkusTestResource(value = RealKubeTestResource.class, restrictToAnnotatedClass = false)
class MultiTenancyOffIT {

    public static class Off implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fluxconfig.controller.multi-tenancy.enforce", "false");
        }
    }

    @Inject
    KubernetesClient client;

    @Test
    void noApplierWhenMultiTenancyIsOff() {
        String ns = namespace(client, "mtoff");
        client.resource(TestConfigs.tutorial("cfg", ns)).create();
        Kustomization k = awaitValue(() -> client.resources(Kustomization.class).inNamespace(ns).withName("cfg-apps").get(),
                x -> true, client, ns, Duration.ofSeconds(30));
        assertThat(k.getSpec().getServiceAccountName()).isNull();
        awaitConfig(client, ns, "cfg", c -> c.getStatus() != null);
        assertThat(client.serviceAccounts().inNamespace(ns).withName("flux-applier-cfg").get())
                .isNull();
        assertThat(client.rbac().clusterRoleBindings().withName("flux-applier." + ns + ".cfg").get()).isNull();
    }
}
