package dev.fluxconfig.controller.resilience;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.fluxconfig.testkit.AppProcess;

/**
 * The packaged controller as the chart runs it, through the test kit's launcher (the chart's JVM options): leader election
 * on, multi-tenancy enforced, plain-text logs. The replica keeps its identity across restarts, like a container restarted
 * in the same pod.
 */
final class ChartController {

    static final String LEASE_NAMESPACE = "fluxconfig-system";

    private ChartController() {
    }

    /** Starts the controller; its output goes to {@code log}, appended across restarts ({@link AppProcess#start()}). */
    static AppProcess start(Path kubeconfig, Path log, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>();
        env.put("FLUXCONFIG_CONTROLLER_LEADER_ELECTION_ENABLED", "true");
        env.put("FLUXCONFIG_CONTROLLER_MULTI_TENANCY_ENFORCE", "true");
        env.put("POD_NAMESPACE", LEASE_NAMESPACE);
        env.put("POD_NAME", "fluxconfig-controller-0");
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        env.putAll(extraEnv);
        return AppProcess.start("controller", kubeconfig, log, env, List.of());
    }
}
