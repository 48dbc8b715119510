package dev.fluxconfig.sandbox.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.fluxconfig.model.Durations;
import dev.fluxconfig.model.dataplane.DesiredConfiguration;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flux …}: the sandbox's {@code az k8s-configuration flux}, against the running sandbox's data plane. */
@Command(name = "flux", mixinStandardHelpOptions = true, description = "Manage flux configurations of the running sandbox.", subcommands = {
        FluxCommand.Create.class, FluxCommand.Update.class, FluxCommand.Show.class, FluxCommand.ListCmd.class,
        FluxCommand.Delete.class, FluxCommand.KustomizationCmd.class, FluxCommand.DeployedObject.class})
public class FluxCommand {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Exit code for input refused before anything is sent. */
    static final int INVALID = 2;

    /** Options every subcommand has. */
    static class Common {
        @Option(names = "--work-dir", defaultValue = ".sandbox", description = "Where the running sandbox keeps its state.")
        Path workDir;

        @Option(names = {"-o", "--output"}, defaultValue = "json", description = "json or table.")
        String output;

        @Option(names = {"-c", "--cluster-name"}, description = "Accepted for compatibility; the sandbox has one cluster.")
        String clusterName;

        @Option(names = {"-g", "--resource-group"}, description = "Accepted for compatibility.")
        String resourceGroup;

        @Option(names = {"-t", "--cluster-type"}, description = "Accepted for compatibility.")
        String clusterType;

        SandboxState.Admin admin() {
            return SandboxState.read(workDir).admin();
        }

        boolean table() {
            return "table".equalsIgnoreCase(output);
        }
    }

    static int refuse(List<String> errors) {
        errors.forEach(e -> System.err.println("error: " + e));
        return INVALID;
    }

    static int notFound(String name) {
        return refuse(List.of("name: no flux configuration '" + name + "'"));
    }

    /** The checks the agent makes, on a configuration edited as JSON. */
    static List<String> validate(ObjectNode configuration) throws Exception {
        return ConfigurationBuilder.validate(JSON.treeToValue(configuration, DesiredConfiguration.class));
    }

    /** The ARM-shaped resource {@code az … flux show} prints: properties plus the status the agent reported. */
    static ObjectNode armView(JsonNode config, JsonNode status) {
        ObjectNode out = JSON.createObjectNode();
        out.put("name", config.path("name").asText());
        out.put("type", "Microsoft.KubernetesConfiguration/fluxConfigurations");
        ObjectNode props = config.path("properties").isObject()
                ? ((ObjectNode) config.path("properties")).deepCopy()
                : JSON.createObjectNode();
        props.remove("configurationProtectedSettings");
        if (props.path("kustomizations").isObject()) {
            props.path("kustomizations").fields()
                    .forEachRemaining(e -> ((ObjectNode) e.getValue()).put("name", e.getKey()));
        }
        for (String f : List.of("complianceState", "provisioningState", "errorMessage", "repositoryPublicKey",
                "sourceSyncedCommitId", "sourceUpdatedAt", "statusUpdatedAt")) {
            if (status != null && status.hasNonNull(f)) {
                props.set(f, status.get(f));
            }
        }
        if (!props.has("complianceState")) {
            props.put("complianceState", "Unknown");
            props.put("provisioningState", "Creating");
        }
        props.set("statuses", status != null && status.has("statuses") ? status.get("statuses") : JSON.createArrayNode());
        out.set("properties", props);
        return out;
    }

    static String table(List<ObjectNode> views) {
        List<List<String>> rows = new ArrayList<>();
        for (ObjectNode v : views) {
            JsonNode p = v.path("properties");
            rows.add(List.of(p.path("namespace").asText(""), v.path("name").asText(), p.path("scope").asText(""),
                    p.path("provisioningState").asText(""), p.path("complianceState").asText(""),
                    p.path("statusUpdatedAt").asText(""), p.path("sourceUpdatedAt").asText("")));
        }
        return Tables.render(List.of("NAMESPACE", "NAME", "SCOPE", "PROVISIONINGSTATE", "COMPLIANCESTATE",
                "STATUSUPDATEDAT", "SOURCEUPDATEDAT"), rows);
    }

    static void print(Common c, ObjectNode view) throws Exception {
        System.out.print(c.table() ? table(List.of(view)) : JSON.writeValueAsString(view) + "\n");
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a flux configuration.")
    static class Create implements Callable<Integer> {
        @Mixin
        Common common;

        @Mixin
        ConfigurationBuilder flags;

        @Override
        public Integer call() throws Exception {
            ConfigurationBuilder.Result r = flags.create(UUID.randomUUID().toString());
            r.warnings().forEach(w -> System.err.println("warning: " + w));
            if (!r.errors().isEmpty()) {
                return refuse(r.errors());
            }
            SandboxState.Admin admin = common.admin();
            if (admin.get(flags.name) != null) {
                return refuse(List.of("name: flux configuration '" + flags.name + "' already exists; use update"));
            }
            JsonNode stored = admin.put(flags.name, r.configuration());
            print(common, armView(stored, null));
            return 0;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Update a flux configuration.")
    static class Update implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = {"-n", "--name"}, required = true)
        String name;

        @Option(names = "--suspend", arity = "0..1", fallbackValue = "true", description = "Suspend (true) or resume (false).")
        Boolean suspend;

        @Option(names = {"-u", "--url"})
        String url;

        @Option(names = "--branch")
        String branch;

        @Option(names = {"--interval", "--sync-interval"})
        String interval;

        @Override
        public Integer call() throws Exception {
            SandboxState.Admin admin = common.admin();
            JsonNode current = admin.get(name);
            if (current == null) {
                return notFound(name);
            }
            ObjectNode next = current.deepCopy();
            next.remove("version");
            next.put("operationId", UUID.randomUUID().toString());
            ObjectNode props = (ObjectNode) next.path("properties");
            if (suspend != null) {
                props.put("suspend", suspend);
            }
            ObjectNode git = props.path("gitRepository").isObject() ? (ObjectNode) props.get("gitRepository") : null;
            if ((url != null || branch != null) && git == null) {
                return refuse(List.of("--url/--branch: the configuration has no gitRepository"));
            }
            if (url != null) {
                git.put("url", url);
            }
            if (branch != null) {
                git.set("repositoryRef", JSON.createObjectNode().put("branch", branch));
            }
            if (interval != null) {
                try {
                    long seconds = Durations.parseCli(interval);
                    (git != null ? git : props).put("syncIntervalInSeconds", seconds);
                } catch (IllegalArgumentException e) {
                    return refuse(List.of("--interval: " + e.getMessage()));
                }
            }
            List<String> errors = validate(next);
            if (!errors.isEmpty()) {
                return refuse(errors);
            }
            print(common, armView(admin.put(name, next), admin.statuses().get(name)));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a flux configuration and its status.")
    static class Show implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = {"-n", "--name"}, required = true)
        String name;

        @Override
        public Integer call() throws Exception {
            SandboxState.Admin admin = common.admin();
            JsonNode config = admin.get(name);
            if (config == null) {
                return notFound(name);
            }
            print(common, armView(config, admin.statuses().get(name)));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the flux configurations.")
    static class ListCmd implements Callable<Integer> {
        @Mixin
        Common common;

        @Override
        public Integer call() throws Exception {
            SandboxState.Admin admin = common.admin();
            Map<String, JsonNode> statuses = admin.statuses();
            List<ObjectNode> views = new ArrayList<>();
            for (JsonNode c : admin.list()) {
                views.add(armView(c, statuses.get(c.path("name").asText())));
            }
            if (common.table()) {
                System.out.print(table(views));
            } else {
                ArrayNode arr = JSON.createArrayNode();
                views.forEach(arr::add);
                System.out.println(JSON.writeValueAsString(arr));
            }
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a flux configuration.")
    static class Delete implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = {"-n", "--name"}, required = true)
        String name;

        @Option(names = {"-y", "--yes"}, description = "Accepted for compatibility; the sandbox does not prompt.")
        boolean yes;

        @Override
        public Integer call() throws Exception {
            if (!common.admin().delete(name)) {
                return notFound(name);
            }
            System.err.println(
                    "deleted flux configuration '" + name + "'; the agent removes it from the cluster at its next poll");
            return 0;
        }
    }

    @Command(name = "kustomization", mixinStandardHelpOptions = true, description = "Manage the kustomizations of a configuration.", subcommands = {
            KustomizationCmd.KCreate.class, KustomizationCmd.KShow.class, KustomizationCmd.KDelete.class,
            KustomizationCmd.KList.class})
    static class KustomizationCmd {

        abstract static class Base implements Callable<Integer> {
            @Mixin
            Common common;

            @Option(names = {"-n", "--name"}, required = true, description = "Name of the flux configuration.")
            String name;

            @Option(names = {"-k", "--kustomization-name"}, required = true)
            String kustomization;
        }

        @Command(name = "create", mixinStandardHelpOptions = true, description = "Add a kustomization.")
        static class KCreate extends Base {
            @Option(names = "--path", defaultValue = "")
            String path;

            @Option(names = "--prune", arity = "0..1", fallbackValue = "true")
            Boolean prune;

            @Option(names = "--force", arity = "0..1", fallbackValue = "true")
            Boolean force;

            @Option(names = {"--depends-on", "--dependencies"}, split = ",", description = "Comma-separated names.")
            List<String> dependsOn;

            @Option(names = {"--interval", "--sync-interval"})
            String interval;

            @Option(names = "--timeout")
            String timeout;

            @Option(names = "--retry-interval")
            String retryInterval;

            @Option(names = "--disable-health-check", arity = "0..1", fallbackValue = "true")
            Boolean disableHealthCheck;

            @Override
            public Integer call() throws Exception {
                SandboxState.Admin admin = common.admin();
                JsonNode current = admin.get(name);
                if (current == null) {
                    return notFound(name);
                }
                ObjectNode next = current.deepCopy();
                next.remove("version");
                ObjectNode props = (ObjectNode) next.path("properties");
                ObjectNode ks = props.path("kustomizations").isObject()
                        ? (ObjectNode) props.get("kustomizations")
                        : props.putObject("kustomizations");
                if (ks.has(kustomization)) {
                    return refuse(List.of("kustomizations[" + kustomization + "]: already exists"));
                }
                ObjectNode k = ks.putObject(kustomization);
                k.put("path", path);
                if (prune != null) {
                    k.put("prune", prune);
                }
                if (force != null) {
                    k.put("force", force);
                }
                if (dependsOn != null) {
                    ArrayNode deps = k.putArray("dependsOn");
                    dependsOn.forEach(deps::add);
                }
                if (disableHealthCheck != null) {
                    k.put("wait", !disableHealthCheck);
                }
                try {
                    if (interval != null) {
                        k.put("syncIntervalInSeconds", Durations.parseCli(interval));
                    }
                    if (timeout != null) {
                        k.put("timeoutInSeconds", Durations.parseCli(timeout));
                    }
                    if (retryInterval != null) {
                        k.put("retryIntervalInSeconds", Durations.parseCli(retryInterval));
                    }
                } catch (IllegalArgumentException e) {
                    return refuse(List.of("kustomizations[" + kustomization + "]: " + e.getMessage()));
                }
                List<String> errors = validate(next);
                if (!errors.isEmpty()) {
                    return refuse(errors);
                }
                print(common, armView(admin.put(name, next), admin.statuses().get(name)));
                return 0;
            }
        }

        @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one kustomization.")
        static class KShow extends Base {
            @Override
            public Integer call() throws Exception {
                JsonNode current = common.admin().get(name);
                if (current == null) {
                    return notFound(name);
                }
                JsonNode k = current.path("properties").path("kustomizations").path(kustomization);
                if (k.isMissingNode()) {
                    return refuse(List.of("kustomizations[" + kustomization + "]: no such kustomization in '" + name + "'"));
                }
                ObjectNode out = ((ObjectNode) k).deepCopy();
                out.put("name", kustomization);
                System.out.println(JSON.writeValueAsString(out));
                return 0;
            }
        }

        @Command(name = "delete", mixinStandardHelpOptions = true, description = "Remove a kustomization.")
        static class KDelete extends Base {
            @Option(names = {"-y", "--yes"})
            boolean yes;

            @Override
            public Integer call() throws Exception {
                SandboxState.Admin admin = common.admin();
                JsonNode current = admin.get(name);
                if (current == null || !current.path("properties").path("kustomizations").has(kustomization)) {
                    return refuse(List.of("kustomizations[" + kustomization + "]: no such kustomization in '" + name + "'"));
                }
                ObjectNode next = current.deepCopy();
                next.remove("version");
                ((ObjectNode) next.path("properties").path("kustomizations")).remove(kustomization);
                List<String> errors = validate(next);
                if (!errors.isEmpty()) {
                    return refuse(errors);
                }
                admin.put(name, next);
                System.err.println("removed kustomization '" + kustomization + "' from '" + name + "'");
                return 0;
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List the kustomizations.")
        static class KList implements Callable<Integer> {
            @Mixin
            Common common;

            @Option(names = {"-n", "--name"}, required = true)
            String name;

            @Override
            public Integer call() throws Exception {
                JsonNode current = common.admin().get(name);
                if (current == null) {
                    return notFound(name);
                }
                List<List<String>> rows = new ArrayList<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = current.path("properties").path("kustomizations").fields(); it
                        .hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode k = e.getValue();
                    List<String> deps = new ArrayList<>();
                    k.path("dependsOn").forEach(d -> deps.add(d.asText()));
                    rows.add(List.of(e.getKey(), k.path("path").asText(""), String.join(",", deps),
                            Durations.toCli(k.path("syncIntervalInSeconds").asLong(600)),
                            Durations.toCli(k.path("timeoutInSeconds").asLong(600)), k.path("prune").asText("false"),
                            k.path("force").asText("false")));
                }
                System.out.print(Tables.render(List.of("NAME", "PATH", "DEPENDSON", "SYNCINTERVAL", "TIMEOUT", "PRUNE",
                        "FORCE"), rows));
                return 0;
            }
        }
    }

    @Command(name = "deployed-object", mixinStandardHelpOptions = true, description = "Objects a configuration deployed.", subcommands = {
            DeployedObject.DList.class, DeployedObject.DShow.class})
    static class DeployedObject {

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List the deployed objects.")
        static class DList implements Callable<Integer> {
            @Mixin
            Common common;

            @Option(names = {"-n", "--name"}, required = true)
            String name;

            @Override
            public Integer call() throws Exception {
                JsonNode status = common.admin().statuses().get(name);
                if (status == null) {
                    return refuse(List.of("name: no status reported for '" + name + "' yet"));
                }
                List<List<String>> rows = new ArrayList<>();
                for (JsonNode s : status.path("statuses")) {
                    String message = "";
                    for (JsonNode c : s.path("statusConditions")) {
                        if ("Ready".equals(c.path("type").asText())) {
                            message = c.path("message").asText("");
                        }
                    }
                    if (message.length() > 60) {
                        message = message.substring(0, 60) + "...";
                    }
                    rows.add(List.of(s.path("kind").asText(), s.path("namespace").asText(), s.path("name").asText(),
                            s.path("complianceState").asText(), message));
                }
                if (common.table()) {
                    System.out.print(Tables.render(List.of("KIND", "NAMESPACE", "NAME", "COMPLIANCESTATE", "MESSAGE"), rows));
                } else {
                    System.out.println(JSON.writeValueAsString(status.path("statuses")));
                }
                return 0;
            }
        }

        @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one deployed object.")
        static class DShow implements Callable<Integer> {
            @Mixin
            Common common;

            @Option(names = {"-n", "--name"}, required = true)
            String name;

            @Option(names = "--object-name", required = true)
            String objectName;

            @Option(names = "--object-namespace", required = true)
            String objectNamespace;

            @Option(names = "--object-kind", required = true, description = "GitRepository, Bucket, HelmRepository, HelmChart, "
                    + "HelmRelease, Kustomization (or OCIRepository)")
            String objectKind;

            @Override
            public Integer call() throws Exception {
                JsonNode status = common.admin().statuses().get(name);
                if (status == null) {
                    return refuse(List.of("name: no status reported for '" + name + "' yet"));
                }
                for (JsonNode s : status.path("statuses")) {
                    if (objectName.equals(s.path("name").asText()) && objectNamespace.equals(s.path("namespace").asText())
                            && objectKind.equals(s.path("kind").asText())) {
                        System.out.println(JSON.writeValueAsString(s));
                        return 0;
                    }
                }
                return refuse(List.of("no " + objectKind + " " + objectNamespace + "/" + objectName + " among the objects of '"
                        + name + "'"));
            }
        }
    }
}
