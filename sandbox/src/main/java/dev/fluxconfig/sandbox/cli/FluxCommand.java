package dev.fluxconfig.sandbox.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
import dev.fluxconfig.model.v1alpha1.spec.KustomizationDefinition;

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

    /** A subcommand about one configuration, named by {@code -n}. */
    abstract static class Named implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = {"-n", "--name"}, required = true, description = "Name of the flux configuration.")
        String name;
    }

    static int refuse(List<String> errors) {
        errors.forEach(e -> System.err.println("error: " + e));
        return INVALID;
    }

    static int notFound(String name) {
        return refuse(List.of("name: no flux configuration '" + name + "'"));
    }

    /** Prints a result's warnings; refuses it when it has errors (null when it can be sent). */
    static Integer refused(ConfigurationBuilder.Result r) {
        r.warnings().forEach(w -> System.err.println("warning: " + w));
        return r.errors().isEmpty() ? null : refuse(r.errors());
    }

    /** Fields that carry secrets in the body (Azure Blob, OCI TLS); like ARM, views never show them. */
    private static final Map<String, List<String>> BODY_SECRETS = Map.of("azureBlob",
            List.of("accountKey", "sasToken", "servicePrincipal.clientSecret", "servicePrincipal.clientCertificate",
                    "servicePrincipal.clientCertificatePassword"),
            "ociRepository", List.of("tlsConfig"));

    private static void removeSecrets(ObjectNode props) {
        props.remove("configurationProtectedSettings");
        BODY_SECRETS.forEach((source, fields) -> {
            for (String field : fields) {
                JsonNode parent = props.path(source);
                String[] path = field.split("\\.");
                for (int i = 0; i < path.length - 1; i++) {
                    parent = parent.path(path[i]);
                }
                if (parent.isObject()) {
                    ((ObjectNode) parent).remove(path[path.length - 1]);
                }
            }
        });
    }

    /** The ARM-shaped resource {@code az … flux show} prints: properties plus the status the agent reported. */
    static ObjectNode armView(JsonNode config, JsonNode status) {
        ObjectNode out = JSON.createObjectNode();
        out.put("name", config.path("name").asText());
        out.put("type", "Microsoft.KubernetesConfiguration/fluxConfigurations");
        ObjectNode props = config.path("properties").isObject()
                ? ((ObjectNode) config.path("properties")).deepCopy()
                : JSON.createObjectNode();
        removeSecrets(props);
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
            Integer refused = refused(r);
            if (refused != null) {
                return refused;
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

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Update a flux configuration: the flags "
            + "given change it, the rest stays (a ref flag replaces the ref, auth flags replace the authentication, a new "
            + "--kind replaces the source).")
    static class Update implements Callable<Integer> {
        @Mixin
        Common common;

        @Mixin
        ConfigurationBuilder flags;

        @Option(names = {"-y", "--yes"}, description = "Accepted for compatibility; the sandbox does not prompt.")
        boolean yes;

        @Override
        public Integer call() throws Exception {
            SandboxState.Admin admin = common.admin();
            JsonNode current = admin.get(flags.name);
            if (current == null) {
                return notFound(flags.name);
            }
            ConfigurationBuilder.Result r = flags.update(JSON.treeToValue(current, DesiredConfiguration.class),
                    UUID.randomUUID().toString());
            Integer refused = refused(r);
            if (refused != null) {
                return refused;
            }
            print(common, armView(admin.put(flags.name, r.configuration()), admin.statuses().get(flags.name)));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a flux configuration and its status.")
    static class Show extends Named {

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
    static class Delete extends Named {

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
            KustomizationCmd.KCreate.class, KustomizationCmd.KUpdate.class, KustomizationCmd.KShow.class,
            KustomizationCmd.KDelete.class,
            KustomizationCmd.KList.class})
    static class KustomizationCmd {

        abstract static class Base extends Named {

            @Option(names = {"-k", "--kustomization-name"}, required = true)
            String kustomization;

            /** Changes the kustomizations; returns why it refuses, or null. */
            interface Change {
                String apply(Map<String, KustomizationDefinition> kustomizations);
            }

            String noSuchKustomization() {
                return "kustomizations[" + kustomization + "]: no such kustomization in '" + name + "'";
            }

            /** Reads the configuration, changes its kustomizations, validates it as the agent will, and stores it. */
            Integer edit(Change change, boolean show) throws Exception {
                SandboxState.Admin admin = common.admin();
                JsonNode current = admin.get(name);
                if (current == null) {
                    return notFound(name);
                }
                DesiredConfiguration desired = JSON.treeToValue(current, DesiredConfiguration.class);
                Map<String, KustomizationDefinition> ks = new LinkedHashMap<>(
                        desired.properties().kustomizations() == null ? Map.of() : desired.properties().kustomizations());
                String refusal;
                try {
                    refusal = change.apply(ks);
                } catch (IllegalArgumentException e) {
                    refusal = e.getMessage();
                }
                if (refusal != null) {
                    return refuse(List.of(refusal));
                }
                DesiredConfiguration next = ConfigurationBuilder.withKustomizations(desired, ks, UUID.randomUUID().toString());
                List<String> errors = ConfigurationBuilder.validate(next, false);
                if (!errors.isEmpty()) {
                    return refuse(errors);
                }
                JsonNode stored = admin.put(name, next);
                if (show) {
                    print(common, armView(stored, admin.statuses().get(name)));
                }
                return 0;
            }
        }

        @Command(name = "create", mixinStandardHelpOptions = true, description = "Add a kustomization.")
        static class KCreate extends Base {
            @Mixin
            KustomizationFlags flags;

            @Override
            public Integer call() throws Exception {
                return edit(ks -> {
                    if (ks.containsKey(kustomization)) {
                        return "kustomizations[" + kustomization + "]: already exists; use update";
                    }
                    ks.put(kustomization, flags.patch(kustomization).definition());
                    return null;
                }, true);
            }
        }

        @Command(name = "update", mixinStandardHelpOptions = true, description = "Change a kustomization: the flags given "
                + "change it, the rest stays.")
        static class KUpdate extends Base {
            @Mixin
            KustomizationFlags flags;

            @Option(names = "--no-wait", description = "Accepted for compatibility; the sandbox does not wait.")
            boolean noWait;

            @Override
            public Integer call() throws Exception {
                return edit(ks -> {
                    if (!ks.containsKey(kustomization)) {
                        return noSuchKustomization();
                    }
                    flags.patch(kustomization).applyTo(ks.get(kustomization));
                    return null;
                }, true);
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
                    return refuse(List.of(noSuchKustomization()));
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
                Integer code = edit(ks -> ks.remove(kustomization) == null ? noSuchKustomization() : null, false);
                if (code == 0) {
                    System.err.println("removed kustomization '" + kustomization + "' from '" + name + "'");
                }
                return code;
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List the kustomizations.")
        static class KList extends Named {

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

        /** Options of both subcommands, and the status they read. */
        abstract static class Base extends Named {

            /** The objects the agent last reported for the configuration; null (after saying so) when none was yet. */
            JsonNode statuses() throws Exception {
                JsonNode status = common.admin().statuses().get(name);
                if (status == null) {
                    refuse(List.of("name: no status reported for '" + name + "' yet"));
                    return null;
                }
                return status.path("statuses");
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List the deployed objects.")
        static class DList extends Base {
            @Override
            public Integer call() throws Exception {
                JsonNode statuses = statuses();
                if (statuses == null) {
                    return INVALID;
                }
                List<List<String>> rows = new ArrayList<>();
                for (JsonNode s : statuses) {
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
                    System.out.println(JSON.writeValueAsString(statuses));
                }
                return 0;
            }
        }

        @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one deployed object.")
        static class DShow extends Base {
            @Option(names = "--object-name", required = true)
            String objectName;

            @Option(names = "--object-namespace", required = true)
            String objectNamespace;

            @Option(names = "--object-kind", required = true, description = "GitRepository, Bucket, HelmRepository, HelmChart, "
                    + "HelmRelease, Kustomization (or OCIRepository)")
            String objectKind;

            @Override
            public Integer call() throws Exception {
                JsonNode statuses = statuses();
                if (statuses == null) {
                    return INVALID;
                }
                for (JsonNode s : statuses) {
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
