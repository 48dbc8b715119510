package dev.fluxconfig.model.validation;

import static dev.fluxconfig.model.FluxConfigConstants.*;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.fluxconfig.model.Durations;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.FluxConfigSpec;
import dev.fluxconfig.model.v1alpha1.spec.AzureBlobDefinition;
import dev.fluxconfig.model.v1alpha1.spec.BucketDefinition;
import dev.fluxconfig.model.v1alpha1.spec.GitRepositoryDefinition;
import dev.fluxconfig.model.v1alpha1.spec.KustomizationDefinition;
import dev.fluxconfig.model.v1alpha1.spec.OciRepositoryDefinition;
import dev.fluxconfig.model.v1alpha1.spec.PostBuildDefinition;
import dev.fluxconfig.model.v1alpha1.spec.RepositoryRef;
import dev.fluxconfig.model.v1alpha1.spec.ServicePrincipalDefinition;
import dev.fluxconfig.model.v1alpha1.spec.SourceKind;
import dev.fluxconfig.model.v1alpha1.spec.SubstituteFromDefinition;

/**
 * The validation rules of a configuration, shared by the CLI, the agent and the controller. Every broken rule is reported,
 * each naming its field by the ARM property path ({@code gitRepository.url}, {@code kustomizations[apps].dependsOn}).
 * Protected-setting values are checked but never quoted.
 */
public final class FluxConfigValidator {

    static final String PROTECTED = "configurationProtectedSettings";

    private static final Pattern CONFIG_NAME = Pattern.compile("^[a-z0-9]([.\\-a-z0-9]*[a-z0-9])?$");
    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
    private static final Pattern DNS_SUBDOMAIN = Pattern
            .compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
    private static final Pattern SCP_GIT_URL = Pattern.compile("^git@[^\\s:/]+:[^\\s]+$");
    private static final Pattern BUCKET_NAME = Pattern.compile("^[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]$");
    private static final Pattern CONTAINER_NAME = Pattern.compile("^[a-z0-9](?!.*--)[a-z0-9\\-]{1,61}[a-z0-9]$");
    private static final Pattern OCI_DIGEST = Pattern.compile("^sha256:[a-f0-9]{64}$");
    private static final Pattern VARIABLE_NAME = Pattern.compile("^[_a-zA-Z][_a-zA-Z0-9]*$");
    private static final Pattern NO_WHITESPACE = Pattern.compile("^\\S+$");
    private static final String SEMVER_VERSION = "v?(?:\\d+|[xX*])(?:\\.(?:\\d+|[xX*])){0,2}(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?";
    private static final String SEMVER_TERM = "(?:" + SEMVER_VERSION + "\\s+-\\s+" + SEMVER_VERSION
            + "|(?:(?:!=|>=|=>|<=|=<|~>|[=><~^])\\s*)?" + SEMVER_VERSION + ")";
    private static final String SEMVER_AND = SEMVER_TERM + "(?:(?:\\s*,\\s*|\\s+)" + SEMVER_TERM + ")*";
    private static final Pattern SEMVER_RANGE = Pattern
            .compile("^\\s*" + SEMVER_AND + "(?:\\s*\\|\\|\\s*" + SEMVER_AND + ")*\\s*$");
    private static final int MAX_NAME = 63;
    private static final int MAX_SUBDOMAIN = 253;

    /** Protected-setting keys each source kind understands. */
    private static final Map<SourceKind, Set<String>> PROTECTED_KEYS = Map.of(
            SourceKind.GIT_REPOSITORY, Set.of(PS_SSH_PRIVATE_KEY, PS_HTTPS_KEY, PS_HTTPS_USER),
            SourceKind.BUCKET, Set.of(PS_BUCKET_SECRET_KEY),
            SourceKind.AZURE_BLOB, Set.of(PS_ACCOUNT_KEY, PS_SAS_TOKEN, PS_CLIENT_SECRET, PS_CLIENT_CERTIFICATE,
                    PS_CLIENT_CERTIFICATE_PASSWORD),
            SourceKind.OCI_REPOSITORY, Set.of(PS_TLS_CLIENT_CERTIFICATE, PS_TLS_PRIVATE_KEY, PS_TLS_CA_CERTIFICATE));

    private final List<ValidationError> errors = new ArrayList<>();
    /** Protected settings, or {@code null} when they are not known to the caller (rules that need them are skipped). */
    private final Map<String, String> secrets;

    private FluxConfigValidator(Map<String, String> protectedSettings) {
        this.secrets = protectedSettings;
    }

    /** All broken rules of a FluxConfig resource; empty when it is valid. */
    public static List<ValidationError> validate(FluxConfig config, Map<String, String> protectedSettings) {
        return validate(config.getMetadata().getName(), config.getMetadata().getNamespace(), config.getSpec(),
                protectedSettings);
    }

    /**
     * All broken rules of a configuration; empty when it is valid.
     *
     * @param protectedSettings the protected settings, or {@code null} when unknown
     */
    public static List<ValidationError> validate(String name, String namespace, FluxConfigSpec spec,
            Map<String, String> protectedSettings) {
        FluxConfigValidator v = new FluxConfigValidator(protectedSettings);
        v.run(name, namespace, spec);
        return List.copyOf(v.errors);
    }

    /** Throws a {@link ValidationException} listing every broken rule, if there is any. */
    public static void check(String name, String namespace, FluxConfigSpec spec, Map<String, String> protectedSettings) {
        List<ValidationError> found = validate(name, namespace, spec, protectedSettings);
        if (!found.isEmpty()) {
            throw new ValidationException(found);
        }
    }

    private void error(String field, String message) {
        errors.add(new ValidationError(field, message));
    }

    /** Reports a value longer than {@code max} characters (without quoting it); true when it is too long. */
    private boolean tooLong(String field, String value, int max) {
        if (value != null && value.length() > max) {
            error(field, "is " + value.length() + " characters long; at most " + max + " are allowed");
            return true;
        }
        return false;
    }

    /**
     * A URL as error messages and status may show it: scheme and host (and port) only, so that neither a credential nor a
     * long or hostile path is ever quoted; {@code null} when the URL has no recognisable host.
     */
    public static String redactUrl(String url) {
        if (url == null || url.length() > InputLimits.MAX_URL) {
            return null;
        }
        if (SCP_GIT_URL.matcher(url).matches()) {
            return "git@" + url.substring(4, url.indexOf(':'));
        }
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || uri.getHost() == null || uri.getHost().isEmpty()) {
                return null;
            }
            return uri.getScheme().toLowerCase() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The user-information part of a URL's authority (before the last '@'), or null when there is none. */
    private static String userInfo(String url) {
        int start = url.indexOf("://");
        if (start < 0) {
            return null;
        }
        int end = url.length();
        for (char c : new char[]{'/', '?', '#'}) {
            int i = url.indexOf(c, start + 3);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        int at = url.lastIndexOf('@', end - 1);
        return at > start ? url.substring(start + 3, at) : null;
    }

    private void run(String name, String namespace, FluxConfigSpec spec) {
        checkConfigName(name);
        checkNamespace(namespace);
        if (spec == null) {
            error("properties", "is required");
            return;
        }
        if (spec.getScope() == null) {
            error("scope", "is required: cluster or namespace");
        }
        SourceKind kind = spec.getSourceKind();
        if (kind == null) {
            error("sourceKind", "is required: GitRepository, Bucket, AzureBlob or OCIRepository");
        } else {
            checkSourceBodies(spec, kind);
            checkProtectedKeys(kind);
        }
        if (kind == SourceKind.GIT_REPOSITORY && spec.getGitRepository() != null) {
            checkGit(spec.getGitRepository());
        } else if (kind == SourceKind.BUCKET && spec.getBucket() != null) {
            checkBucket(spec.getBucket());
        } else if (kind == SourceKind.AZURE_BLOB && spec.getAzureBlob() != null) {
            checkAzureBlob(spec.getAzureBlob());
        } else if (kind == SourceKind.OCI_REPOSITORY && spec.getOciRepository() != null) {
            checkOci(spec.getOciRepository());
        }
        checkKustomizations(name, spec.getKustomizations());
        tooLong("operationId", spec.getOperationId(), InputLimits.MAX_TEXT);
        tooLong("correlationId", spec.getCorrelationId(), InputLimits.MAX_TEXT);
        if (spec.getReconciliationWaitDuration() != null
                && !tooLong("reconciliationWaitDuration", spec.getReconciliationWaitDuration(), InputLimits.MAX_TEXT)) {
            try {
                if (Durations.parseIso(spec.getReconciliationWaitDuration()).isNegative()) {
                    error("reconciliationWaitDuration", "must not be negative");
                }
            } catch (IllegalArgumentException e) {
                error("reconciliationWaitDuration", e.getMessage());
            }
        }
    }

    private void checkConfigName(String name) {
        if (name == null || name.isEmpty()) {
            error("name", "is required");
        } else if (name.length() > MAX_NAME) {
            error("name", "'" + name + "' is " + name.length() + " characters long; at most " + MAX_NAME + " are allowed");
        } else if (!CONFIG_NAME.matcher(name).matches()) {
            error("name", "'" + name + "' must consist of lower-case letters, digits, '-' and '.', "
                    + "and start and end with a letter or digit");
        }
    }

    private void checkNamespace(String namespace) {
        if (namespace == null || namespace.isEmpty()) {
            error("namespace", "is required");
        } else if (namespace.length() > MAX_NAME) {
            error("namespace", "'" + namespace + "' is " + namespace.length() + " characters long; at most " + MAX_NAME
                    + " are allowed");
        } else if (!DNS_LABEL.matcher(namespace).matches()) {
            error("namespace", "'" + namespace + "' must consist of lower-case letters, digits and '-', "
                    + "and start and end with a letter or digit");
        }
    }

    private void checkSourceBodies(FluxConfigSpec spec, SourceKind kind) {
        Map<SourceKind, Object> bodies = new LinkedHashMap<>();
        bodies.put(SourceKind.GIT_REPOSITORY, spec.getGitRepository());
        bodies.put(SourceKind.BUCKET, spec.getBucket());
        bodies.put(SourceKind.AZURE_BLOB, spec.getAzureBlob());
        bodies.put(SourceKind.OCI_REPOSITORY, spec.getOciRepository());
        if (bodies.get(kind) == null) {
            error(kind.specField(), "is required when sourceKind is " + kind.value());
        }
        bodies.forEach((other, body) -> {
            if (other != kind && body != null) {
                error(other.specField(), "must not be set when sourceKind is " + kind.value());
            }
        });
    }

    private void checkProtectedKeys(SourceKind kind) {
        if (secrets == null) {
            return;
        }
        Set<String> allowed = PROTECTED_KEYS.get(kind);
        for (String key : new TreeSet<>(secrets.keySet())) {
            if (!allowed.contains(key)) {
                error(PROTECTED + "." + key, "is not a protected setting of a " + kind.value() + " source; known keys: "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    private boolean hasSecret(String key) {
        return secrets != null && secrets.get(key) != null && !secrets.get(key).isEmpty();
    }

    private void checkBase64Secret(String key, boolean mustBePrivateKey) {
        if (!hasSecret(key)) {
            return;
        }
        String decoded = decodeBase64(secrets.get(key));
        if (decoded == null) {
            error(PROTECTED + "." + key, "must be base64-encoded");
        } else if (mustBePrivateKey && !(decoded.contains("-----BEGIN") && decoded.contains("PRIVATE KEY-----"))) {
            error(PROTECTED + "." + key, "must be a PEM or OpenSSH private key (-----BEGIN ... PRIVATE KEY-----)");
        }
    }

    private static String decodeBase64(String value) {
        try {
            return new String(Base64.getMimeDecoder().decode(value.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isBase64(String value) {
        if (value.isBlank()) {
            return false;
        }
        try {
            Base64.getDecoder().decode(value.replaceAll("\\s", ""));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void checkSeconds(String field, Long seconds, boolean required) {
        if (seconds == null) {
            if (required) {
                error(field, "is required");
            }
            return;
        }
        if (seconds < 1 || seconds > Durations.MAX_SECONDS) {
            error(field, seconds + " is out of range: 1 to " + Durations.MAX_SECONDS + " seconds");
        }
    }

    private void checkLocalAuthRef(String field, String ref) {
        if (ref == null) {
            return;
        }
        if (tooLong(field, ref, MAX_SUBDOMAIN)) {
            return;
        }
        if (ref.isEmpty() || !DNS_SUBDOMAIN.matcher(ref).matches()) {
            error(field, "'" + ref + "' is not a valid Secret name (lower-case letters, digits, '-' and '.')");
        }
    }

    /**
     * Parses a URL and checks its scheme, host and that it carries no credential; returns the scheme, or null after
     * reporting an error. Messages quote the URL only in its redacted form ({@link #redactUrl}).
     *
     * @param credentials where the credentials of this source kind belong, for the message that refuses a URL with them
     */
    private String checkUrl(String field, String url, Set<String> schemes, String schemesText, String credentials) {
        if (url == null || url.isBlank()) {
            error(field, "is required");
            return null;
        }
        if (tooLong(field, url, InputLimits.MAX_URL)) {
            return null;
        }
        String userInfo = userInfo(url);
        String scheme = url.contains("://") ? url.substring(0, url.indexOf("://")).toLowerCase() : null;
        if (userInfo != null && (userInfo.contains(":") || "http".equals(scheme) || "https".equals(scheme))) {
            error(field, "must not carry credentials (user" + (userInfo.contains(":") ? ":password" : "")
                    + "@ in the URL); " + credentials);
            return null;
        }
        String shown = redactUrl(url);
        try {
            URI uri = new URI(url);
            // case-sensitive, as the az CLI's URL rules and Flux's url patterns (^(http|https|ssh)://, ^oci://) are
            scheme = uri.getScheme();
            if (scheme == null || !schemes.contains(scheme)) {
                error(field, (shown == null ? "" : "'" + shown + "' ") + "must start with " + schemesText + " (lower-case)");
                return null;
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                error(field, "has no host");
                return null;
            }
            return scheme;
        } catch (URISyntaxException e) {
            error(field, "is not a valid URL: " + e.getReason());
            return null;
        }
    }

    private void checkGit(GitRepositoryDefinition git) {
        String url = git.getUrl();
        String scheme;
        if (url != null && url.startsWith("git@") && !tooLong("gitRepository.url", url, InputLimits.MAX_URL)) {
            scheme = "ssh";
            if (!SCP_GIT_URL.matcher(url).matches()) {
                error("gitRepository.url", "must have the form git@host:path");
            }
        } else {
            scheme = checkUrl("gitRepository.url", url, Set.of("http", "https", "ssh"),
                    "http://, https://, ssh:// or git@", url != null && url.toLowerCase().startsWith("ssh://")
                            ? "give the key as the protected setting sshPrivateKey, or name a Secret with localAuthRef"
                            : "give the user as httpsUser and the password as the protected setting httpsKey, or name a "
                                    + "Secret with localAuthRef");
        }
        tooLong("gitRepository.httpsUser", git.getHttpsUser(), InputLimits.MAX_TEXT);
        tooLong("gitRepository.httpsCACert", git.getHttpsCACert(), InputLimits.MAX_BLOB);
        tooLong("gitRepository.sshKnownHosts", git.getSshKnownHosts(), InputLimits.MAX_BLOB);
        checkSeconds("gitRepository.timeoutInSeconds", git.getTimeoutInSeconds(), false);
        checkSeconds("gitRepository.syncIntervalInSeconds", git.getSyncIntervalInSeconds(), false);
        checkRepositoryRef(git.getRepositoryRef());
        checkLocalAuthRef("gitRepository.localAuthRef", git.getLocalAuthRef());
        if (git.getProvider() != null && !Set.of("Azure", "GitHub", "Generic").contains(git.getProvider())) {
            error("gitRepository.provider", (git.getProvider().length() > InputLimits.MAX_TEXT
                    ? ""
                    : "'" + git.getProvider() + "' ") + "must be Azure, GitHub or Generic");
        }

        boolean httpsUser = git.getHttpsUser() != null && !git.getHttpsUser().isEmpty();
        boolean httpsKey = hasSecret(PS_HTTPS_KEY);
        boolean sshKey = hasSecret(PS_SSH_PRIVATE_KEY);
        boolean knownHosts = git.getSshKnownHosts() != null && !git.getSshKnownHosts().isEmpty();
        boolean caCert = git.getHttpsCACert() != null && !git.getHttpsCACert().isEmpty();
        boolean http = "http".equals(scheme) || "https".equals(scheme);
        boolean ssh = "ssh".equals(scheme);

        if (secrets != null && httpsUser != httpsKey) {
            error(httpsUser ? PROTECTED + "." + PS_HTTPS_KEY : "gitRepository.httpsUser",
                    "httpsUser and the protected setting httpsKey must be given together");
        }
        if (ssh && (httpsUser || httpsKey)) {
            error(httpsUser ? "gitRepository.httpsUser" : PROTECTED + "." + PS_HTTPS_KEY,
                    "https credentials cannot be used with an ssh URL");
        }
        if (ssh && caCert) {
            error("gitRepository.httpsCACert", "a CA certificate applies to https URLs only");
        }
        if (http && sshKey) {
            error(PROTECTED + "." + PS_SSH_PRIVATE_KEY, "an ssh private key cannot be used with an " + scheme + " URL");
        }
        if (http && knownHosts) {
            error("gitRepository.sshKnownHosts", "known hosts apply to ssh URLs only");
        }
        if (git.getLocalAuthRef() != null && (httpsUser || httpsKey || sshKey)) {
            error("gitRepository.localAuthRef", "cannot be combined with httpsUser/httpsKey or sshPrivateKey");
        }
        if (knownHosts && git.getSshKnownHosts().length() <= InputLimits.MAX_BLOB) {
            checkKnownHosts(git.getSshKnownHosts());
        }
        if (caCert && !isBase64(git.getHttpsCACert())) {
            error("gitRepository.httpsCACert", "must be base64-encoded");
        }
        checkBase64Secret(PS_SSH_PRIVATE_KEY, true);
        checkBase64Secret(PS_HTTPS_KEY, false);
    }

    private void checkKnownHosts(String value) {
        String decoded = isBase64(value) ? decodeBase64(value) : null;
        if (decoded == null) {
            error("gitRepository.sshKnownHosts", "must be base64-encoded");
            return;
        }
        int lineNo = 0;
        for (String line : decoded.split("\n")) {
            lineNo++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] parts = l.split("\\s+");
            int offset = parts[0].startsWith("@") ? 1 : 0;
            if (parts.length < 3 + offset || decodeBase64(parts[2 + offset]) == null) {
                error("gitRepository.sshKnownHosts", "line " + lineNo + " is not a known_hosts entry (host keytype key)");
                return;
            }
        }
    }

    private void checkRepositoryRef(RepositoryRef ref) {
        String field = "gitRepository.repositoryRef";
        if (ref == null) {
            error(field, "is required: one of branch, tag, semver or commit");
            return;
        }
        Map<String, String> given = new LinkedHashMap<>();
        given.put("branch", ref.getBranch());
        given.put("tag", ref.getTag());
        given.put("semver", ref.getSemver());
        given.put("commit", ref.getCommit());
        given.values().removeIf(v -> v == null || v.isEmpty());
        given.values().removeIf(v -> v.length() > InputLimits.MAX_REF);
        tooLong(field + ".branch", ref.getBranch(), InputLimits.MAX_REF);
        tooLong(field + ".tag", ref.getTag(), InputLimits.MAX_REF);
        tooLong(field + ".semver", ref.getSemver(), InputLimits.MAX_REF);
        tooLong(field + ".commit", ref.getCommit(), InputLimits.MAX_REF);
        if (given.isEmpty()) {
            error(field, "needs one of branch, tag, semver or commit");
            return;
        }
        boolean branchWithCommit = given.size() == 2 && given.containsKey("branch") && given.containsKey("commit");
        if (given.size() > 1 && !branchWithCommit) {
            error(field, "gives " + String.join(" and ", given.keySet())
                    + "; exactly one of branch, tag, semver or commit is allowed (commit may be combined with branch)");
        }
        given.forEach((k, v) -> {
            if (k.equals("semver")) {
                checkSemver(field + ".semver", v);
            } else if (!NO_WHITESPACE.matcher(v).matches() || v.contains("..")) {
                error(field + "." + k, "'" + v + "' is not a valid git reference");
            }
        });
        if (given.containsKey("commit") && !given.get("commit").matches("^[0-9a-fA-F]{7,64}$")) {
            error(field + ".commit", "'" + given.get("commit") + "' is not a commit SHA (7 to 64 hex digits)");
        }
    }

    private void checkBucket(BucketDefinition bucket) {
        checkUrl("bucket.url", bucket.getUrl(), Set.of("http", "https"), "http:// or https://",
                "give accessKey and the protected setting bucketSecretKey, or name a Secret with localAuthRef");
        tooLong("bucket.accessKey", bucket.getAccessKey(), InputLimits.MAX_TEXT);
        String name = bucket.getBucketName();
        if (name == null || name.isEmpty()) {
            error("bucket.bucketName", "is required");
        } else if (!tooLong("bucket.bucketName", name, MAX_NAME) && !BUCKET_NAME.matcher(name).matches()) {
            error("bucket.bucketName", "'" + name + "' must be 3 to 63 lower-case letters, digits, '.' and '-'");
        }
        checkSeconds("bucket.timeoutInSeconds", bucket.getTimeoutInSeconds(), false);
        checkSeconds("bucket.syncIntervalInSeconds", bucket.getSyncIntervalInSeconds(), false);
        checkLocalAuthRef("bucket.localAuthRef", bucket.getLocalAuthRef());
        boolean accessKey = bucket.getAccessKey() != null && !bucket.getAccessKey().isEmpty();
        boolean secretKey = hasSecret(PS_BUCKET_SECRET_KEY);
        boolean localAuth = bucket.getLocalAuthRef() != null;
        if (secrets != null && accessKey != secretKey) {
            error(accessKey ? PROTECTED + "." + PS_BUCKET_SECRET_KEY : "bucket.accessKey",
                    "accessKey and the protected setting bucketSecretKey must be given together");
        }
        if (localAuth && (accessKey || secretKey)) {
            error("bucket.localAuthRef", "cannot be combined with accessKey/bucketSecretKey");
        }
        if (secrets != null && !localAuth && !accessKey && !secretKey) {
            error("bucket", "needs credentials: accessKey with bucketSecretKey, or localAuthRef");
        }
        checkBase64Secret(PS_BUCKET_SECRET_KEY, false);
    }

    private void checkAzureBlob(AzureBlobDefinition blob) {
        checkUrl("azureBlob.url", blob.getUrl(), Set.of("http", "https"), "http:// or https://",
                "give the protected setting accountKey or sasToken, a servicePrincipal, or name a Secret with localAuthRef");
        String container = blob.getContainerName();
        if (container == null || container.isEmpty()) {
            error("azureBlob.containerName", "is required");
        } else if (!tooLong("azureBlob.containerName", container, MAX_NAME)
                && !CONTAINER_NAME.matcher(container).matches()) {
            error("azureBlob.containerName", "'" + container
                    + "' must be 3 to 63 lower-case letters, digits and single '-', starting and ending with a letter or digit");
        }
        checkSeconds("azureBlob.timeoutInSeconds", blob.getTimeoutInSeconds(), false);
        checkSeconds("azureBlob.syncIntervalInSeconds", blob.getSyncIntervalInSeconds(), false);
        checkLocalAuthRef("azureBlob.localAuthRef", blob.getLocalAuthRef());

        List<String> methods = new ArrayList<>();
        ServicePrincipalDefinition sp = blob.getServicePrincipal();
        if (sp != null) {
            methods.add("servicePrincipal");
            tooLong("azureBlob.servicePrincipal.clientId", sp.getClientId(), InputLimits.MAX_TEXT);
            tooLong("azureBlob.servicePrincipal.tenantId", sp.getTenantId(), InputLimits.MAX_TEXT);
            if (sp.getClientId() == null || sp.getClientId().isEmpty()) {
                error("azureBlob.servicePrincipal.clientId", "is required");
            }
            if (sp.getTenantId() == null || sp.getTenantId().isEmpty()) {
                error("azureBlob.servicePrincipal.tenantId", "is required");
            }
            boolean secret = hasSecret(PS_CLIENT_SECRET);
            boolean cert = hasSecret(PS_CLIENT_CERTIFICATE);
            if (secrets != null && secret == cert) {
                error("azureBlob.servicePrincipal", secret
                        ? "clientSecret and clientCertificate are mutually exclusive"
                        : "needs the protected setting clientSecret or clientCertificate");
            }
        }
        if (hasSecret(PS_CLIENT_CERTIFICATE_PASSWORD) && !hasSecret(PS_CLIENT_CERTIFICATE)) {
            error(PROTECTED + "." + PS_CLIENT_CERTIFICATE_PASSWORD, "needs clientCertificate");
        }
        if (sp == null && (hasSecret(PS_CLIENT_SECRET) || hasSecret(PS_CLIENT_CERTIFICATE))) {
            error("azureBlob.servicePrincipal", "is required when clientSecret or clientCertificate is given");
        }
        if (hasSecret(PS_ACCOUNT_KEY)) {
            methods.add("accountKey");
        }
        if (hasSecret(PS_SAS_TOKEN)) {
            methods.add("sasToken");
        }
        if (blob.getLocalAuthRef() != null) {
            methods.add("localAuthRef");
        }
        if (blob.getManagedIdentity() != null) {
            methods.add("managedIdentity");
        }
        if (methods.size() > 1) {
            error("azureBlob", "gives " + String.join(", ", methods)
                    + "; at most one of servicePrincipal, accountKey, sasToken, localAuthRef and managedIdentity is allowed");
        }
        checkBase64Secret(PS_CLIENT_CERTIFICATE, false);
    }

    /**
     * A semver range as Flux reads it (Masterminds constraints): {@code 1.2.x}, {@code >=1.0.0 <2.0.0},
     * {@code ^1.2 || ~2.0}, {@code 1.0 - 1.4}. The az CLI passes any text; this refuses what Flux could never parse.
     */
    private void checkSemver(String field, String range) {
        if (range.length() > 256 || !SEMVER_RANGE.matcher(range).matches()) {
            error(field, "'" + range + "' is not a semver range such as 1.2.x, >=1.0.0 <2.0.0 or ^1.2 || ~2.0");
        }
    }

    private void checkOci(OciRepositoryDefinition oci) {
        checkUrl("ociRepository.url", oci.getUrl(), Set.of("oci"), "oci://",
                "name a Secret with localAuthRef, or use useWorkloadIdentity");
        if (oci.getRepositoryRef() != null) {
            tooLong("ociRepository.repositoryRef.tag", oci.getRepositoryRef().getTag(), InputLimits.MAX_REF);
            if (!tooLong("ociRepository.repositoryRef.semver", oci.getRepositoryRef().getSemver(), InputLimits.MAX_REF)
                    && oci.getRepositoryRef().getSemver() != null && !oci.getRepositoryRef().getSemver().isEmpty()) {
                checkSemver("ociRepository.repositoryRef.semver", oci.getRepositoryRef().getSemver());
            }
        }
        if (oci.getLayerSelector() != null) {
            tooLong("ociRepository.layerSelector.mediaType", oci.getLayerSelector().getMediaType(), InputLimits.MAX_TEXT);
        }
        checkSeconds("ociRepository.timeoutInSeconds", oci.getTimeoutInSeconds(), false);
        checkSeconds("ociRepository.syncIntervalInSeconds", oci.getSyncIntervalInSeconds(), false);
        checkLocalAuthRef("ociRepository.localAuthRef", oci.getLocalAuthRef());
        if (oci.getRepositoryRef() != null && oci.getRepositoryRef().getDigest() != null
                && !OCI_DIGEST.matcher(oci.getRepositoryRef().getDigest()).matches()) {
            error("ociRepository.repositoryRef.digest", "must be sha256:<64 hex digits>");
        }
        if (oci.getLayerSelector() != null && oci.getLayerSelector().getOperation() != null
                && !Set.of("extract", "copy").contains(oci.getLayerSelector().getOperation())) {
            error("ociRepository.layerSelector.operation", "must be extract or copy");
        }
        if (oci.getServiceAccountName() != null
                && !tooLong("ociRepository.serviceAccountName", oci.getServiceAccountName(), MAX_SUBDOMAIN)
                && !DNS_SUBDOMAIN.matcher(oci.getServiceAccountName()).matches()) {
            error("ociRepository.serviceAccountName", "'" + oci.getServiceAccountName() + "' is not a valid name");
        }
        if (oci.getLocalAuthRef() != null && Boolean.TRUE.equals(oci.getUseWorkloadIdentity())) {
            error("ociRepository.localAuthRef", "cannot be combined with useWorkloadIdentity");
        }
        if (hasSecret(PS_TLS_PRIVATE_KEY) != hasSecret(PS_TLS_CLIENT_CERTIFICATE)) {
            error(PROTECTED + "." + (hasSecret(PS_TLS_PRIVATE_KEY) ? PS_TLS_CLIENT_CERTIFICATE : PS_TLS_PRIVATE_KEY),
                    "tlsClientCertificate and tlsPrivateKey must be given together");
        }
        checkBase64Secret(PS_TLS_CLIENT_CERTIFICATE, false);
        checkBase64Secret(PS_TLS_PRIVATE_KEY, false);
        checkBase64Secret(PS_TLS_CA_CERTIFICATE, false);
    }

    private void checkKustomizations(String configName, List<KustomizationDefinition> list) {
        if (list == null || list.isEmpty()) {
            error("kustomizations", "at least one kustomization is required");
            return;
        }
        if (list.size() > InputLimits.MAX_KUSTOMIZATIONS) {
            error("kustomizations", "has " + list.size() + " entries; at most " + InputLimits.MAX_KUSTOMIZATIONS
                    + " are allowed");
            return;
        }
        Map<String, KustomizationDefinition> byName = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            KustomizationDefinition k = list.get(i);
            if (k == null) {
                error("kustomizations[" + i + "]", "is null");
                continue;
            }
            String name = k.getName();
            if (name != null && name.length() > InputLimits.MAX_TEXT) {
                error("kustomizations[" + i + "].name", "is " + name.length() + " characters long; at most " + MAX_NAME
                        + " are allowed");
                continue;
            }
            String field = "kustomizations[" + (name == null || name.isEmpty() ? String.valueOf(i) : name) + "]";
            if (name == null || name.isEmpty()) {
                error(field + ".name", "is required");
                continue;
            }
            if (byName.containsKey(name)) {
                error(field + ".name", "'" + name + "' is used by more than one kustomization");
                continue;
            }
            byName.put(name, k);
            if (name.length() > MAX_NAME) {
                error(field + ".name", "'" + name + "' is " + name.length() + " characters long; at most " + MAX_NAME
                        + " are allowed");
            } else if (!CONFIG_NAME.matcher(name).matches()) {
                error(field + ".name", "'" + name + "' must consist of lower-case letters, digits, '-' and '.', "
                        + "and start and end with a letter or digit");
            } else if (configName != null && configName.length() <= MAX_NAME
                    && configName.length() + name.length() > MAX_LABEL_VALUE - 1) {
                error(field + ".name", "configuration name and kustomization name together are "
                        + (configName.length() + name.length()) + " characters long; at most " + (MAX_LABEL_VALUE - 1)
                        + " are allowed, so that '" + configName + "-" + name + "' stays a valid label value");
            }
            checkSeconds(field + ".timeoutInSeconds", k.getTimeoutInSeconds(), false);
            checkSeconds(field + ".syncIntervalInSeconds", k.getSyncIntervalInSeconds(), false);
            checkSeconds(field + ".retryIntervalInSeconds", k.getRetryIntervalInSeconds(), false);
            checkPath(field + ".path", k.getPath());
            if (k.getDependsOn() != null && k.getDependsOn().size() > InputLimits.MAX_DEPENDS_ON) {
                error(field + ".dependsOn", "has " + k.getDependsOn().size() + " entries; at most "
                        + InputLimits.MAX_DEPENDS_ON + " are allowed");
            }
            checkPostBuild(field + ".postBuild", k.getPostBuild());
        }
        checkDependencies(byName);
    }

    /** A path inside the source: bounded, printable, and never leaving the artifact through a {@code ..} segment. */
    private void checkPath(String field, String path) {
        if (path == null || tooLong(field, path, InputLimits.MAX_PATH)) {
            return;
        }
        if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            error(field, "must not contain control characters");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) {
                error(field, "must not contain a '..' segment: it names a path inside the source");
                return;
            }
        }
    }

    private void checkPostBuild(String field, PostBuildDefinition postBuild) {
        if (postBuild == null) {
            return;
        }
        if (postBuild.getSubstitute() != null && postBuild.getSubstitute().size() > InputLimits.MAX_SUBSTITUTE) {
            error(field + ".substitute", "has " + postBuild.getSubstitute().size() + " variables; at most "
                    + InputLimits.MAX_SUBSTITUTE + " are allowed");
        } else if (postBuild.getSubstitute() != null) {
            for (String var : new TreeSet<>(postBuild.getSubstitute().keySet())) {
                if (var.length() > InputLimits.MAX_TEXT) {
                    error(field + ".substitute", "a variable name is " + var.length() + " characters long; at most "
                            + InputLimits.MAX_TEXT + " are allowed");
                    continue;
                }
                String value = postBuild.getSubstitute().get(var);
                tooLong(field + ".substitute." + var, value, InputLimits.MAX_SUBSTITUTE_VALUE);
                if (!VARIABLE_NAME.matcher(var).matches()) {
                    error(field + ".substitute", "'" + var + "' is not a variable name (letters, digits and '_')");
                }
            }
        }
        if (postBuild.getSubstituteFrom() != null && postBuild.getSubstituteFrom().size() > InputLimits.MAX_SUBSTITUTE_FROM) {
            error(field + ".substituteFrom", "has " + postBuild.getSubstituteFrom().size() + " entries; at most "
                    + InputLimits.MAX_SUBSTITUTE_FROM + " are allowed");
        } else if (postBuild.getSubstituteFrom() != null) {
            for (int i = 0; i < postBuild.getSubstituteFrom().size(); i++) {
                SubstituteFromDefinition from = postBuild.getSubstituteFrom().get(i);
                String f = field + ".substituteFrom[" + i + "]";
                if (from == null) {
                    error(f, "is null");
                    continue;
                }
                if (!"ConfigMap".equals(from.getKind()) && !"Secret".equals(from.getKind())) {
                    error(f + ".kind", "must be ConfigMap or Secret");
                }
                if (tooLong(f + ".name", from.getName(), MAX_SUBDOMAIN)) {
                    continue;
                }
                if (from.getName() == null || from.getName().length() > MAX_SUBDOMAIN
                        || !DNS_SUBDOMAIN.matcher(from.getName()).matches()) {
                    error(f + ".name", "'" + from.getName() + "' is not a valid object name");
                }
            }
        }
    }

    private void checkDependencies(Map<String, KustomizationDefinition> byName) {
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
                    error(field, "contains an empty name");
                } else if (dep.length() > MAX_NAME) {
                    error(field, "contains a name of " + dep.length() + " characters; at most " + MAX_NAME
                            + " are allowed");
                } else if (dep.equals(name)) {
                    error(field, "'" + dep + "' cannot depend on itself");
                } else if (!byName.containsKey(dep)) {
                    error(field, "'" + dep + "' is not a kustomization of this configuration");
                } else if (!seen.add(dep)) {
                    error(field, "'" + dep + "' is listed more than once");
                } else {
                    edges.add(dep);
                }
            }
            graph.put(name, edges);
        });
        List<String> cycle = findCycle(byName.keySet(), graph);
        if (cycle != null) {
            error("kustomizations[" + cycle.get(0) + "].dependsOn", "dependency cycle: " + String.join(" -> ", cycle));
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
