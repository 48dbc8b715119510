package dev.fluxconfig.agent.health;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * What the agent knows about its own readiness, one entry per dependency: settings, Kubernetes API, token, data plane.
 * Each entry is either fine or carries the reason it is not, and readiness is the conjunction.
 */
@ApplicationScoped
public class AgentHealth {

    public static final String SETTINGS = "settings";
    public static final String KUBERNETES = "kubernetes";
    public static final String TOKEN = "token";
    public static final String DATA_PLANE = "data-plane";

    private final Map<String, String> problems = new ConcurrentHashMap<>();
    private final Map<String, Supplier<String>> dynamic = new ConcurrentHashMap<>();

    public AgentHealth() {
        problems.put(TOKEN, "no token acquired yet");
        problems.put(DATA_PLANE, "no successful poll of the data plane yet");
    }

    public void ok(String check) {
        problems.remove(check);
    }

    public void problem(String check, String reason) {
        problems.put(check, reason);
    }

    /** A check whose problem is asked for when readiness is (null when fine). */
    public void dynamic(String check, Supplier<String> problem) {
        dynamic.put(check, problem);
    }

    public boolean ready() {
        return problems().isEmpty();
    }

    /** The current problems, by check. */
    public Map<String, String> problems() {
        Map<String, String> all = new TreeMap<>(problems);
        dynamic.forEach((check, supplier) -> {
            String problem = supplier.get();
            if (problem != null) {
                all.put(check, problem);
            }
        });
        return all;
    }

    public String problem(String check) {
        return problems().get(check);
    }
}
