package dev.fluxconfig.sandbox.fluxstandin;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import dev.fluxconfig.model.Durations;

/**
 * Runs the Flux stand-in (test equipment) against the cluster of the default kubeconfig ({@code KUBECONFIG} or
 * {@code ~/.kube/config}) until the process is killed.
 *
 * <pre>
 * FluxStandInMain [--namespace NS]... [--reconcile-delay 2s] [--fail-url-pattern REGEX | --no-fail-url-rule]
 *                 [--no-finalizers] [--resync 10m]
 * </pre>
 */
public final class FluxStandInMain {

    static final String USAGE = """
            usage: FluxStandInMain [--namespace NS]... [--reconcile-delay 2s] [--fail-url-pattern REGEX | --no-fail-url-rule]
                                   [--no-finalizers] [--resync 10m]
            Plays the Flux controllers (test equipment, not Flux) on the cluster of the default kubeconfig until killed.""";

    private FluxStandInMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        KubernetesClient client = new KubernetesClientBuilder().build();
        FluxStandIn.Builder builder;
        try {
            builder = parse(client, args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            client.close();
            System.exit(2);
            return;
        }
        FluxStandIn standIn = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            standIn.close();
            client.close();
            stopped.countDown();
        }, "flux-stand-in-shutdown"));
        standIn.start();
        stopped.await();
    }

    /** The builder the arguments describe. */
    static FluxStandIn.Builder parse(KubernetesClient client, String... args) {
        FluxStandIn.Builder b = FluxStandIn.builder(client);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--namespace", "-n" -> b.namespaces(value(args, ++i, a));
                case "--reconcile-delay" -> b.reconcileDelay(duration(value(args, ++i, a)));
                case "--fail-url-pattern" -> b.failUrlPattern(value(args, ++i, a));
                case "--no-fail-url-rule" -> b.failUrlPattern((String) null);
                case "--no-finalizers" -> b.finalizers(false);
                case "--resync" -> b.resyncPeriod(duration(value(args, ++i, a)));
                case "--help", "-h" -> throw new IllegalArgumentException("");
                default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        return b;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static Duration duration(String s) {
        return Durations.parseFlux(s);
    }
}
