package dev.fluxconfig.sandbox.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Stack;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;

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

    static final String GIT = "GitRepository";
    static final String BUCKET = "Bucket";
    static final String BLOB = "AzureBlob";
    static final String OCI = "OCIRepository";

    @Option(names = {"-n", "--name"}, required = true, description = "Name of the flux configuration.")
    String name;

    @Option(names = {"--namespace", "--ns"}, description = "Namespace of the configuration (default: default).")
    String namespace;

    @Option(names = {"-s", "--scope"}, description = "cluster (default) or namespace.")
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

    @Option(names = "--suspend", negatable = true, arity = "0..1", fallbackValue = "true", description = "Suspend "
            + "(--suspend, --suspend true) or resume (--no-suspend, --suspend false).")
    Boolean suspend;

    @Option(names = {"--interval", "--sync-interval"}, description = "Source sync interval, e.g. 10m or 1h2m5s.")
    String interval;

    @Option(names = "--timeout", description = "Source timeout, e.g. 10m.")
    String timeout;

    @Option(names = "--bucket-name")
    String bucketName;

    @Option(names = {"--bucket-access-key", "--access-key"})
    String accessKey;

    @Option(names = {"--bucket-secret-key", "--secret-key"}, description = "Bucket secret key (sent as protected setting).")
    String secretKey;

    @Option(names = "--bucket-insecure", arity = "0..1", fallbackValue = "true")
    Boolean bucketInsecure;

    @Option(names = "--container-name")
    String containerName;

    @Option(names = "--account-key")
    String accountKey;

    @Option(names = "--sas-token")
    String sasToken;

    @Option(names = {"--mi-client-id", "--managed-identity-client-id"})
    String miClientId;

    @Option(names = {"--sp-client-id", "--service-principal-client-id"})
    String spClientId;

    @Option(names = {"--sp-tenant-id", "--service-principal-tenant-id"})
    String spTenantId;

    @Option(names = {"--sp-client-secret", "--service-principal-client-secret"})
    String spClientSecret;

    @Option(names = {"-k", "--kustomization"}, parameterConsumer = KustomizationConsumer.class, description = "Repeatable: "
            + "name=… path=… prune=… dependsOn=[…] sync_interval=… retry_interval=… timeout=… force=… disable-health-check=…")
    List<List<String>> kustomizations = new ArrayList<>();

    /** Takes the KEY=VALUE tokens after one --kustomization, up to the next option, as one kustomization. */
    static class KustomizationConsumer implements IParameterConsumer {
        @Override
        @SuppressWarnings("unchecked")
        public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
            List<String> group = new ArrayList<>();
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

    /** A flag that belongs to some source kinds; {@code auth} flags replace a source's authentication as a set. */
    private record KindFlag(String flag, Object value, Set<String> kinds, boolean auth) {
    }

    private static final Set<String> ALL = Set.of(GIT, BUCKET, BLOB, OCI);

    private List<KindFlag> kindFlags() {
        return List.of(new KindFlag("--branch", branch, Set.of(GIT), false),
                new KindFlag("--commit", commit, Set.of(GIT), false),
                new KindFlag("--tag", tag, Set.of(GIT, OCI), false),
                new KindFlag("--semver", semver, Set.of(GIT, OCI), false),
                new KindFlag("--digest", digest, Set.of(OCI), false),
                new KindFlag("--https-user", httpsUser, Set.of(GIT), true),
                new KindFlag("--https-key", httpsKey, Set.of(GIT), true),
                new KindFlag("--https-ca-cert", httpsCaCert, Set.of(GIT), false),
                new KindFlag("--https-ca-cert-file", httpsCaCertFile, Set.of(GIT), false),
                new KindFlag("--ssh-private-key", sshPrivateKey, Set.of(GIT), true),
                new KindFlag("--ssh-private-key-file", sshPrivateKeyFile, Set.of(GIT), true),
                new KindFlag("--known-hosts", knownHosts, Set.of(GIT), true),
                new KindFlag("--known-hosts-file", knownHostsFile, Set.of(GIT), true),
                new KindFlag("--local-auth-ref", localAuthRef, ALL, true),
                new KindFlag("--bucket-name", bucketName, Set.of(BUCKET), false),
                new KindFlag("--bucket-access-key", accessKey, Set.of(BUCKET), true),
                new KindFlag("--bucket-secret-key", secretKey, Set.of(BUCKET), true),
                new KindFlag("--bucket-insecure", bucketInsecure, Set.of(BUCKET), false),
                new KindFlag("--container-name", containerName, Set.of(BLOB), false),
                new KindFlag("--account-key", accountKey, Set.of(BLOB), true),
                new KindFlag("--sas-token", sasToken, Set.of(BLOB), true),
                new KindFlag("--mi-client-id", miClientId, Set.of(BLOB), true),
                new KindFlag("--sp-client-id", spClientId, Set.of(BLOB), true),
                new KindFlag("--sp-tenant-id", spTenantId, Set.of(BLOB), true),
                new KindFlag("--sp-client-secret", spClientSecret, Set.of(BLOB), true));
    }

    /** Builds a whole new configuration (create). */
    public Result create(String operationId) {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String sourceKind;
        try {
            sourceKind = sourceKind(kind == null ? "git" : kind);
        } catch (IllegalArgumentException e) {
            return new Result(null, List.of(e.getMessage()), warnings);
        }
        Map<String, String> protectedSettings = new LinkedHashMap<>();
        Sources sources = sources(sourceKind, null, protectedSettings, errors);
        Map<String, KustomizationDefinition> ks = new LinkedHashMap<>();
        if (kustomizations == null || kustomizations.isEmpty()) {
            warnings.add("no --kustomization given: creating one named 'kustomization-1' at the top of the source");
            ks.put("kustomization-1", new KustomizationDefinition(null, ""));
        } else {
            Set<String> seen = new HashSet<>();
            for (KustomizationArgs.Patch k : kustomizationPatches(errors)) {
                if (!seen.add(k.name())) {
                    errors.add("--kustomization: name '" + k.name() + "' is given more than once");
                }
                ks.put(k.name(), k.definition());
            }
        }
        FluxConfigurationProperties props = new FluxConfigurationProperties(scope == null ? "cluster" : scope,
                namespace == null ? DesiredConfigurationMapper.DEFAULT_NAMESPACE : namespace, sourceKind,
                suspend != null && suspend, sources.git(), sources.bucket(), sources.blob(), sources.oci(), ks,
                protectedSettings.isEmpty() ? null : protectedSettings, null, null);
        return result(new DesiredConfiguration(name, operationId, UUID.randomUUID().toString(), null, props), true, errors,
                warnings);
    }

    /**
     * Applies the given flags to an existing configuration (update), as {@code az … flux update} patches it: what is not
     * given stays. A ref flag replaces the ref; any authentication flag replaces the source's authentication as a set
     * (what is not given of it is removed, protected settings included); a new {@code --kind} starts a new source from
     * the flags and removes the old one with its protected settings; {@code --kustomization} adds a kustomization or
     * changes the keys it gives of an existing one.
     */
    public Result update(DesiredConfiguration current, String operationId) {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        FluxConfigurationProperties p = copy(current).properties(); // the flags change a copy: the caller's stays as read
        if (namespace != null && !namespace.equals(p.namespace())) {
            errors.add("--namespace: the namespace of a configuration cannot be changed (it is '" + p.namespace()
                    + "'); delete and create it instead");
        }
        if (scope != null && !scope.equals(p.scope())) {
            errors.add("--scope: the scope of a configuration cannot be changed (it is '" + p.scope()
                    + "'); delete and create it instead");
        }
        String sourceKind;
        try {
            sourceKind = kind == null ? p.sourceKind() : sourceKind(kind);
        } catch (IllegalArgumentException e) {
            return new Result(null, List.of(e.getMessage()), warnings);
        }
        boolean kindChanged = !sourceKind.equals(p.sourceKind());
        if (kindChanged) {
            warnings.add("changing the source kind from " + p.sourceKind() + " to " + sourceKind
                    + ": the old source and its protected settings are removed; the kustomizations stay as they are");
        }
        Map<String, String> protectedSettings = new LinkedHashMap<>();
        Sources sources = sources(sourceKind, kindChanged ? null : new Sources(p), protectedSettings, errors);
        boolean authGiven = kindFlags().stream().anyMatch(f -> f.auth() && f.value() != null);
        Map<String, KustomizationDefinition> ks = new LinkedHashMap<>(
                p.kustomizations() == null ? Map.of() : p.kustomizations());
        for (KustomizationArgs.Patch k : kustomizationPatches(errors)) {
            ks.put(k.name(), ks.containsKey(k.name()) ? k.applyTo(ks.get(k.name())) : k.definition());
        }
        FluxConfigurationProperties props = new FluxConfigurationProperties(p.scope(), p.namespace(), sourceKind,
                suspend != null ? suspend : p.suspend(), sources.git(), sources.bucket(), sources.blob(), sources.oci(),
                ks, kindChanged || authGiven ? protectedSettings : null, p.waitForReconciliation(),
                p.reconciliationWaitDuration());
        return result(new DesiredConfiguration(current.name(), operationId, current.correlationId(), null, props), false,
                errors, warnings);
    }

    /** The configuration with other kustomizations and a new operation id, for {@code flux kustomization …}. */
    public static DesiredConfiguration withKustomizations(DesiredConfiguration current,
            Map<String, KustomizationDefinition> ks, String operationId) {
        FluxConfigurationProperties p = current.properties();
        return new DesiredConfiguration(current.name(), operationId, current.correlationId(), null,
                new FluxConfigurationProperties(p.scope(), p.namespace(), p.sourceKind(), p.suspend(), p.gitRepository(),
                        p.bucket(), p.azureBlob(), p.ociRepository(), ks, null, p.waitForReconciliation(),
                        p.reconciliationWaitDuration()));
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static DesiredConfiguration copy(DesiredConfiguration d) {
        return JSON.convertValue(d, DesiredConfiguration.class);
    }

    private static Result result(DesiredConfiguration desired, boolean secretsComplete, List<String> errors,
            List<String> warnings) {
        if (errors.isEmpty()) {
            // flag errors first: validating a half-parsed configuration would only add their consequences
            errors.addAll(validate(desired, secretsComplete));
        }
        return new Result(errors.isEmpty() ? desired : null, errors, warnings);
    }

    private List<KustomizationArgs.Patch> kustomizationPatches(List<String> errors) {
        List<KustomizationArgs.Patch> patches = new ArrayList<>();
        for (List<String> group : kustomizations == null ? List.<List<String>>of() : kustomizations) {
            try {
                patches.add(KustomizationArgs.parse(group));
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage());
            }
        }
        return patches;
    }

    /** The source definitions of a configuration; exactly one is set. */
    private record Sources(GitRepositoryDefinition git, BucketDefinition bucket, AzureBlobSource blob,
            OciRepositorySource oci) {
        Sources(FluxConfigurationProperties p) {
            this(p.gitRepository(), p.bucket(), p.azureBlob(), p.ociRepository());
        }
    }

    /** The source of {@code sourceKind}: the flags over {@code base}'s (or over a new one), checked flag by flag. */
    private Sources sources(String sourceKind, Sources base, Map<String, String> protectedSettings, List<String> errors) {
        for (KindFlag f : kindFlags()) {
            if (f.value() != null && !f.kinds().contains(sourceKind)) {
                errors.add(f.flag() + ": not a flag of a " + sourceKind + " source");
            }
        }
        List<String> refs = kindFlags().stream()
                .filter(f -> f.value() != null && f.kinds().contains(sourceKind) && REF_FLAGS.contains(f.flag()))
                .map(KindFlag::flag).toList();
        if (refs.size() > 1) {
            errors.add(String.join(", ", refs) + ": give one ref; they are mutually exclusive");
        }
        boolean auth = kindFlags().stream().anyMatch(f -> f.auth() && f.value() != null);
        try {
            return switch (sourceKind) {
                case GIT -> new Sources(git(base == null ? null : base.git(), auth, protectedSettings), null, null, null);
                case BUCKET -> new Sources(null, bucket(base == null ? null : base.bucket(), auth, protectedSettings), null,
                        null);
                case BLOB -> new Sources(null, null, blob(base == null ? null : base.blob(), auth), null);
                default -> new Sources(null, null, null, oci(base == null ? null : base.oci(), auth));
            };
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
            return new Sources(null, null, null, null);
        }
    }

    private static final Set<String> REF_FLAGS = Set.of("--branch", "--tag", "--semver", "--commit", "--digest");

    /**
     * The same checks the agent makes: mapping, then the shared validator. Without {@code secretsComplete} and without
     * protected settings in {@code desired}, the rules that need them are left to the agent, which knows the stored ones.
     */
    public static List<String> validate(DesiredConfiguration desired, boolean secretsComplete) {
        MappedConfiguration mapped = DesiredConfigurationMapper.map(desired);
        List<ValidationError> errs = new ArrayList<>(mapped.errors());
        if (errs.isEmpty()) {
            Map<String, String> secrets = mapped.protectedSettings();
            errs.addAll(FluxConfigValidator.validate(mapped.config(), secrets == null && secretsComplete ? Map.of() : secrets));
        }
        return errs.stream().map(ValidationError::toString).toList();
    }

    static String sourceKind(String cliKind) {
        return switch (cliKind.toLowerCase(Locale.ROOT)) {
            case "git" -> GIT;
            case "bucket" -> BUCKET;
            case "azblob" -> BLOB;
            case "oci" -> OCI;
            default -> throw new IllegalArgumentException("--kind: '" + cliKind + "' must be git, bucket, azblob or oci");
        };
    }

    private static <T> T given(T flag, T current) {
        return flag != null ? flag : current;
    }

    private GitRepositoryDefinition git(GitRepositoryDefinition base, boolean auth, Map<String, String> ps) {
        GitRepositoryDefinition git = base != null ? base : new GitRepositoryDefinition();
        git.setUrl(given(url, git.getUrl()));
        if (branch != null || tag != null || semver != null || commit != null) {
            RepositoryRef ref = new RepositoryRef();
            ref.setBranch(branch);
            ref.setTag(tag);
            ref.setSemver(semver);
            ref.setCommit(commit);
            git.setRepositoryRef(ref);
        }
        git.setHttpsCACert(given(either("--https-ca-cert", httpsCaCert, httpsCaCertFile), git.getHttpsCACert()));
        if (auth) {
            git.setHttpsUser(httpsUser);
            git.setSshKnownHosts(either("--known-hosts", knownHosts, knownHostsFile));
            git.setLocalAuthRef(localAuthRef);
        }
        git.setSyncIntervalInSeconds(given(seconds("--interval", interval), git.getSyncIntervalInSeconds()));
        git.setTimeoutInSeconds(given(seconds("--timeout", timeout), git.getTimeoutInSeconds()));
        if (httpsKey != null) {
            ps.put(FluxConfigConstants.PS_HTTPS_KEY, b64(httpsKey));
        }
        String key = either("--ssh-private-key", sshPrivateKey, sshPrivateKeyFile);
        if (key != null) {
            ps.put(FluxConfigConstants.PS_SSH_PRIVATE_KEY, key);
        }
        return git;
    }

    private BucketDefinition bucket(BucketDefinition base, boolean auth, Map<String, String> ps) {
        BucketDefinition b = base;
        if (b == null) {
            b = new BucketDefinition();
            b.setInsecure(false); // the CLI's default on create, where the RP's is true
        }
        b.setUrl(given(url, b.getUrl()));
        b.setBucketName(given(bucketName, b.getBucketName()));
        b.setInsecure(given(bucketInsecure, b.getInsecure()));
        if (auth) {
            b.setAccessKey(accessKey);
            b.setLocalAuthRef(localAuthRef);
        }
        b.setSyncIntervalInSeconds(given(seconds("--interval", interval), b.getSyncIntervalInSeconds()));
        b.setTimeoutInSeconds(given(seconds("--timeout", timeout), b.getTimeoutInSeconds()));
        if (secretKey != null) {
            ps.put(FluxConfigConstants.PS_BUCKET_SECRET_KEY, b64(secretKey));
        }
        return b;
    }

    private AzureBlobSource blob(AzureBlobSource base, boolean auth) {
        AzureBlobSource b = base != null
                ? base
                : new AzureBlobSource(null, null, null, null, null, null, null, null, null);
        ServicePrincipal sp = b.servicePrincipal();
        String key = b.accountKey();
        String sas = b.sasToken();
        ManagedIdentityDefinition mi = b.managedIdentity();
        String ref = b.localAuthRef();
        if (auth) {
            sp = spClientId == null && spTenantId == null && spClientSecret == null
                    ? null
                    : new ServicePrincipal(spClientId, spTenantId, spClientSecret, null, null, null);
            mi = null;
            if (miClientId != null) {
                mi = new ManagedIdentityDefinition();
                mi.setClientId(miClientId);
            }
            key = accountKey;
            sas = sasToken;
            ref = localAuthRef;
        }
        return new AzureBlobSource(given(url, b.url()), given(containerName, b.containerName()),
                given(seconds("--timeout", timeout), b.timeoutInSeconds()),
                given(seconds("--interval", interval), b.syncIntervalInSeconds()), sp, key, sas, mi, ref);
    }

    private OciRepositorySource oci(OciRepositorySource base, boolean auth) {
        OciRepositorySource o = base != null
                ? base
                : new OciRepositorySource(null, null, null, null, null, null, null, null, null, null);
        OciRepositoryRef ref = o.repositoryRef();
        if (tag != null || semver != null || digest != null) {
            ref = new OciRepositoryRef();
            ref.setTag(tag);
            ref.setSemver(semver);
            ref.setDigest(digest);
        }
        return new OciRepositorySource(given(url, o.url()),
                given(seconds("--timeout", timeout), o.timeoutInSeconds()),
                given(seconds("--interval", interval), o.syncIntervalInSeconds()), ref, o.layerSelector(),
                o.insecure(), o.useWorkloadIdentity(), o.serviceAccountName(), o.tlsConfig(),
                auth ? localAuthRef : o.localAuthRef());
    }

    /** The flag's value in seconds; null when the flag is not given. */
    static Long seconds(String flag, String value) {
        if (value == null) {
            return null;
        }
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
