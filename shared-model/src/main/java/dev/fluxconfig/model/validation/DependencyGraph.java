package dev.fluxconfig.model.validation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.fluxconfig.model.v1alpha1.spec.KustomizationDefinition;

/** The rules of the kustomizations' dependsOn lists: each names another kustomization once, and no cycle. */
final class DependencyGraph {

    private DependencyGraph() {
    }

    /** Checks every dependsOn of the uniquely named kustomizations, then looks for one cycle among the valid edges. */
    static void check(Map<String, KustomizationDefinition> byName, ValidationRun run) {
        Map<String, List<String>> graph = new HashMap<>();
        byName.forEach((name, k) -> {
            String field = "kustomizations[" + name + "].dependsOn";
            List<String> edges = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            List<String> deps = k.getDependsOn() == null || k.getDependsOn().size() > InputLimits.MAX_DEPENDS_ON
                    ? List.of()
                    : k.getDependsOn();
            for (String dep : deps) {
                if (dep == null || dep.isEmpty()) {
                    run.error(field, "contains an empty name");
                } else if (dep.length() > NameRules.MAX_LABEL) {
                    run.error(field, "contains a name of " + dep.length() + " characters; at most " + NameRules.MAX_LABEL
                            + " are allowed");
                } else if (dep.equals(name)) {
                    run.error(field, "'" + dep + "' cannot depend on itself");
                } else if (!byName.containsKey(dep)) {
                    run.error(field, "'" + dep + "' is not a kustomization of this configuration");
                } else if (!seen.add(dep)) {
                    run.error(field, "'" + dep + "' is listed more than once");
                } else {
                    edges.add(dep);
                }
            }
            graph.put(name, edges);
        });
        List<String> cycle = findCycle(byName.keySet(), graph);
        if (cycle != null) {
            run.error("kustomizations[" + cycle.get(0) + "].dependsOn", "dependency cycle: " + String.join(" -> ", cycle));
        }
    }

    /**
     * Depth-first search with colours, the first back edge found names the cycle. Iterative, with an explicit stack: a
     * chain of thousands of dependencies must not overflow the thread's stack.
     */
    static List<String> findCycle(Iterable<String> nodes, Map<String, List<String>> graph) {
        Map<String, Integer> colour = new HashMap<>();
        for (String start : nodes) {
            if (colour.getOrDefault(start, 0) != 0) {
                continue;
            }
            Deque<String> path = new ArrayDeque<>();
            Deque<Iterator<String>> next = new ArrayDeque<>();
            colour.put(start, 1);
            path.addLast(start);
            next.addLast(graph.getOrDefault(start, List.of()).iterator());
            while (!path.isEmpty()) {
                Iterator<String> edges = next.peekLast();
                if (!edges.hasNext()) {
                    colour.put(path.removeLast(), 2);
                    next.removeLast();
                    continue;
                }
                String node = edges.next();
                int c = colour.getOrDefault(node, 0);
                if (c == 1) {
                    List<String> cycle = new ArrayList<>();
                    boolean in = false;
                    for (String p : path) {
                        in = in || p.equals(node);
                        if (in) {
                            cycle.add(p);
                        }
                    }
                    cycle.add(node);
                    return cycle;
                }
                if (c == 0) {
                    colour.put(node, 1);
                    path.addLast(node);
                    next.addLast(graph.getOrDefault(node, List.of()).iterator());
                }
            }
        }
        return null;
    }
}
