package dev.fluxconfig.sandbox.cli;

import java.util.concurrent.CountDownLatch;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import dev.fluxconfig.sandbox.fluxstandin.FluxStandIn;

import picocli.CommandLine.Command;

/** Runs the Flux stand-in (test equipment) against the current kubeconfig until stopped. */
@Command(name = "flux-stand-in", description = "Play the Flux controllers (test equipment) on the cluster of KUBECONFIG.")
public class StandInCommand implements Runnable {

    @Override
    public void run() {
        try (KubernetesClient client = new KubernetesClientBuilder().build();
                FluxStandIn standIn = FluxStandIn.builder(client).allNamespaces().start()) {
            System.out.println(FluxStandIn.LOG_PREFIX + " playing source-, kustomize- and helm-controller; Ctrl-C stops");
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
