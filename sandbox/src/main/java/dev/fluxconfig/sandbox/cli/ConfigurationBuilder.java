package dev.fluxconfig.sandbox.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Stack;

import dev.fluxconfig.model.Durations;
import dev.fluxconfig.model.FluxConfigConstants;
import dev.fluxconfig.model.dataplane.AzureBlobSource;
import dev.fluxconfig.model.dataplane.DesiredConfiguration;
import dev.fluxconfig.model.dataplane.DesiredConfigurationMapper;
import dev.fluxconfig.model.dataplane.FluxConfigurationProperties;
import dev.fluxconfig.model.dataplane.MappedConfiguration;
import dev.fluxconfig.model.dataplane.OciRepositorySource;
import dev.fluxconfig.model.dataplane.ServicePrincipal;
import dev.fluxconfig.model.v1alpha1.spec.BucketDefinition;
import dev.fluxconfig.model.v1alpha1.spec.GitRepositoryDefinition;
import dev.fluxconfig.model.v1alpha1.spec.KustomizationDefinition;
import dev.fluxconfig.model.v1alpha1.spec.ManagedIdentityDefinition;
import dev.fluxconfig.model.v1alpha1.spec.OciRepositoryRef;
import dev.fluxconfig.model.v1alpha1.spec.RepositoryRef;
import dev.fluxconfig.model.validation.FluxConfigValidator;
import dev.fluxconfig.model.validation.ValidationError;

import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The flags of {@code az k8s-configuration flux create|update}, turned into the ARM properties the data plane holds. The
 * same mapper and validator as the agent's judge the result, so the CLI refuses exactly what the cluster would.
 */
public class ConfigurationBuilder {

    @Option(names = {"-n", "--name"}, required = true, description = "Name of the flux configuration.")
    String name;

    @Option(names = {"--namespace", "--ns"}, description = "Namespace of the configuration (default: default).")
    String namespace;

    @Option(names = "--scope", description = "cluster (default) or namespace.")
    String scope;

    @Option(names = "--kind", description = "Source kind: git (default), bucket, azblob or oci.")
    String kind;

    @Option(names = {"-u", "--url"}, description = "URL of the source.")
    String url;

    @Option(names = "--branch")
    String branch;

    @Option(names = "--tag")
    String tag;

    @Option(names = "--semver")
    String semver;

    @Option(names = "--commit")
    String commit;

    @Option(names = "--digest", description = "OCI digest sha256:<hex>.")
    String digest;

    @Option(names = "--https-user")
    String httpsUser;

    @Option(names = "--https-key", description = "HTTPS password or token (sent as protected setting).")
    String httpsKey;

    @Option(names = "--https-ca-cert", description = "Base64 CA certificate.")
    String httpsCaCert;

    @Option(names = "--https-ca-cert-file")
    Path httpsCaCertFile;

    @Option(names = "--ssh-private-key", description = "Base64 private key (sent as protected setting).")
    String sshPrivateKey;

    @Option(names = "--ssh-private-key-file")
    Path sshPrivateKeyFile;

    @Option(names = "--known-hosts", description = "Base64 known_hosts.")
    String knownHosts;

    @Option(names = "--known-hosts-file")
    Path knownHostsFile;

    @Option(names = {"--local-auth-ref", "--local-ref"})
    String localAuthRef;

    @Option(names = "--suspend", arity = "0..1", fallbackValue = "true")
    Boolean suspend;

    @Option(names = {"--interval", "--sync-interval"}, description = "Source sync interval, e.g. 10m or 1h2m5s.")
    String interval;

    @Option(names = "--timeout", description = "Source timeout, e.g. 10m.")
    String timeout;

    @Option(names = "--bucket-name")
    String bucketName;

    @Option(names = "--access-key")
    String accessKey;

    @Option(names = "--secret-key", description = "Bucket secret key (sent as protected setting).")
    String secretKey;

    @Option(names = "--bucket-insecure", arity = "0..1", fallbackValue = "true")
    Boolean bucketInsecure;

    @Option(names = "--container-name")
    String containerName;

    @Option(names = "--account-key")
    String accountKey;

    @Option(names = "--sas-token")
    String sasToken;

    @Option(names = "--mi-client-id")
    String miClientId;

    @Option(names = "--sp-client-id")
    String spClientId;

    @Option(names = "--sp-tenant-id")
    String spTenantId;

    @Option(names = "--sp-client-secret")
    String spClientSecret;

    @Option(names = {"-k", "--kustomization"}, parameterConsumer = KustomizationConsumer.class, description = "Repeatable: "
            + "name=… path=… prune=… dependsOn=[…] sync_interval=… retry_interval=… timeout=… force=… disable-health-check=…")
    List<List<String>> kustomizations = new java.util.ArrayList<>();

    /** Takes the KEY=VALUE tokens after one --kustomization, up to the next option, as one kustomization. */
    static class KustomizationConsumer implements IParameterConsumer {
        @Override
        @SuppressWarnings("unchecked")
        public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
            List<String> group = new java.util.ArrayList<>();
            while (!args.isEmpty() && !args.peek().startsWith("-")) {
                group.add(args.pop());
            }
            if (group.isEmpty()) {
                throw new ParameterException(commandSpec.commandLine(), "--kustomization needs KEY=VALUE tokens");
            }
            ((List<List<String>>) argSpec.getValue()).add(group);
        }
    }

    /** What the flags produce, or the reasons they are refused. */
    public record Result(DesiredConfiguration configuration, List<String> errors, List<String> warnings) {
    }

    /** Builds a whole new configuration (create). */
    public Result create(String operationId) {
        List<String> errors = new java.util.ArrayList<>();
        List<String> warnings = new java.util.ArrayList<>();
        String sourceKind;
        try {
            sourceKind = sourceKind(kind == null ? "git" : kind);
        } catch (IllegalArgumentException e) {
            return new Result(null, List.of(e.getMessage()), warnings);
        }
        Map<String, String> protectedSettings = new LinkedHashMap<>();
        GitRepositoryDefinition git = null;
        BucketDefinition bucket = null;
        AzureBlobSource blob = null;
        OciRepositorySource oci = null;
        try {
            switch (sourceKind) {
                case "GitRepository" -> git = git(protectedSettings);
                case "Bucket" -> bucket = bucket(protectedSettings);
                case "AzureBlob" -> blob = blob();
                default -> oci = oci();
            }
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
        }
        Map<String, KustomizationDefinition> ks = new LinkedHashMap<>();
        if (kustomizations == null || kustomizations.isEmpty()) {
            warnings.add("no --kustomization given: creating one named 'kustomization-1' at the top of the source");
            ks.put("kustomization-1", new KustomizationDefinition(null, ""));
        } else {
            for (List<String> group : kustomizations) {
                try {
                    KustomizationDefinition k = KustomizationArgs.parse(group);
                    if (ks.containsKey(k.getName())) {
                        errors.add("--kustomization: name '" + k.getName() + "' is given more than once");
                    }
                    ks.put(k.getName(), k);
                    k.setName(null);
                } catch (IllegalArgumentException e) {
                    errors.add(e.getMessage());
                }
            }
        }
        FluxConfigurationProperties props = new FluxConfigurationProperties(scope == null ? "cluster" : scope,
                namespace == null ? DesiredConfigurationMapper.DEFAULT_NAMESPACE : namespace, sourceKind,
                suspend != null && suspend, git, bucket, blob, oci, ks, protectedSettings.isEmpty() ? null : protectedSettings,
                null, null);
        DesiredConfiguration desired = new DesiredConfiguration(name, operationId, java.util.UUID.randomUUID().toString(),
                null, props);
        if (errors.isEmpty()) {
            // flag errors first: validating a half-parsed configuration would only add their consequences
            errors.addAll(validate(desired));
        }
        return new Result(errors.isEmpty() ? desired : null, errors, warnings);
    }

    /** The same checks the agent makes: mapping, then the shared validator. */
    public static List<String> validate(DesiredConfiguration desired) {
        MappedConfiguration mapped = DesiredConfigurationMapper.map(desired);
        List<ValidationError> errs = new java.util.ArrayList<>(mapped.errors());
        if (errs.isEmpty()) {
            errs.addAll(FluxConfigValidator.validate(mapped.config(),
                    mapped.protectedSettings() == null ? Map.of() : mapped.protectedSettings()));
        }
        return errs.stream().map(ValidationError::toString).toList();
    }

    static String sourceKind(String cliKind) {
        return switch (cliKind.toLowerCase(Locale.ROOT)) {
            case "git" -> "GitRepository";
            case "bucket" -> "Bucket";
            case "azblob" -> "AzureBlob";
            case "oci" -> "OCIRepository";
            default -> throw new IllegalArgumentException("--kind: '" + cliKind + "' must be git, bucket, azblob or oci");
        };
    }

    private GitRepositoryDefinition git(Map<String, String> ps) {
        GitRepositoryDefinition git = new GitRepositoryDefinition();
        git.setUrl(url);
        RepositoryRef ref = new RepositoryRef();
        ref.setBranch(branch);
        ref.setTag(tag);
        ref.setSemver(semver);
        ref.setCommit(commit);
        git.setRepositoryRef(branch == null && tag == null && semver == null && commit == null ? null : ref);
        git.setHttpsUser(httpsUser);
        git.setHttpsCACert(either("--https-ca-cert", httpsCaCert, httpsCaCertFile));
        git.setSshKnownHosts(either("--known-hosts", knownHosts, knownHostsFile));
        git.setLocalAuthRef(localAuthRef);
        if (interval != null) {
            git.setSyncIntervalInSeconds(seconds("--interval", interval));
        }
        if (timeout != null) {
            git.setTimeoutInSeconds(seconds("--timeout", timeout));
        }
        if (httpsKey != null) {
            ps.put(FluxConfigConstants.PS_HTTPS_KEY, b64(httpsKey));
        }
        String key = either("--ssh-private-key", sshPrivateKey, sshPrivateKeyFile);
        if (key != null) {
            ps.put(FluxConfigConstants.PS_SSH_PRIVATE_KEY, key);
        }
        return git;
    }

    private BucketDefinition bucket(Map<String, String> ps) {
        BucketDefinition b = new BucketDefinition();
        b.setUrl(url);
        b.setBucketName(bucketName);
        b.setAccessKey(accessKey);
        b.setLocalAuthRef(localAuthRef);
        b.setInsecure(bucketInsecure != null && bucketInsecure);
        if (interval != null) {
            b.setSyncIntervalInSeconds(seconds("--interval", interval));
        }
        if (timeout != null) {
            b.setTimeoutInSeconds(seconds("--timeout", timeout));
        }
        if (secretKey != null) {
            ps.put(FluxConfigConstants.PS_BUCKET_SECRET_KEY, b64(secretKey));
        }
        return b;
    }

    private AzureBlobSource blob() {
        ServicePrincipal sp = spClientId == null && spTenantId == null && spClientSecret == null
                ? null
                : new ServicePrincipal(spClientId, spTenantId, spClientSecret, null, null, null);
        ManagedIdentityDefinition mi = null;
        if (miClientId != null) {
            mi = new ManagedIdentityDefinition();
            mi.setClientId(miClientId);
        }
        return new AzureBlobSource(url, containerName, timeout == null ? null : seconds("--timeout", timeout),
                interval == null ? null : seconds("--interval", interval), sp, accountKey, sasToken, mi, localAuthRef);
    }

    private OciRepositorySource oci() {
        OciRepositoryRef ref = null;
        if (tag != null || semver != null || digest != null) {
            ref = new OciRepositoryRef();
            ref.setTag(tag);
            ref.setSemver(semver);
            ref.setDigest(digest);
        }
        return new OciRepositorySource(url, timeout == null ? null : seconds("--timeout", timeout),
                interval == null ? null : seconds("--interval", interval), ref, null, null, null, null, null, localAuthRef);
    }

    static long seconds(String flag, String value) {
        try {
            return Durations.parseCli(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + ": " + e.getMessage());
        }
    }

    static String b64(String raw) {
        return Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** A base64 value given inline, or a file's content base64-encoded (whitespace-stripped for text files). */
    static String either(String flag, String inline, Path file) {
        if (inline != null && file != null) {
            throw new IllegalArgumentException(flag + " and " + flag + "-file are mutually exclusive");
        }
        if (file == null) {
            return inline;
        }
        try {
            String content = Files.readString(file);
            return b64(flag.equals("--ssh-private-key") ? content : content.strip());
        } catch (IOException e) {
            throw new IllegalArgumentException(flag + "-file: cannot read " + file + ": " + e.getMessage());
        }
    }
}
