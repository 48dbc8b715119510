package dev.fluxconfig.model.validation;

/**
 * Bounds on the size of a configuration, so that no input can make the agent or the controller do unbounded work. The
 * validator enforces them with a message naming the field, and the FluxConfig CRD repeats them (the spec classes'
 * {@code @Size}), so {@code kubectl apply} of a larger object is refused at the door. The README lists them.
 * <p>
 * A string field with a length or pattern rule in the schema is also {@code @Nullable}: with such a rule, the 1.20 API
 * server takes an empty string for null and would refuse it ("must be of type string"), and {@code ""} is a valid path.
 */
public final class InputLimits {

    /** Kustomizations of one configuration (the original allows far fewer in practice; each is a Flux object). */
    public static final int MAX_KUSTOMIZATIONS = 100;
    /** Entries of one kustomization's dependsOn. */
    public static final int MAX_DEPENDS_ON = 100;
    /** A kustomization name (it is part of the generated Kustomization's name and labels). */
    public static final int MAX_NAME = NameRules.MAX_LABEL;
    /** A source URL. */
    public static final int MAX_URL = 2048;
    /** A kustomization path. */
    public static final int MAX_PATH = 1024;
    /** A git branch, tag or semver range, an OCI tag or semver range. */
    public static final int MAX_REF = 255;
    /** A Kubernetes object name (DNS subdomain): localAuthRef, service account, substituteFrom name. */
    public static final int MAX_OBJECT_NAME = NameRules.MAX_SUBDOMAIN;
    /** A bucket or blob container name (S3 and Azure Storage both allow 63 characters). */
    public static final int MAX_BUCKET_NAME = 63;
    /** Short free text: ids, user names, access keys, media types, durations. */
    public static final int MAX_TEXT = 256;
    /** Base64 certificates and known_hosts. */
    public static final int MAX_BLOB = 256 * 1024;
    /** Variables of one kustomization's postBuild.substitute. */
    public static final int MAX_SUBSTITUTE = 1000;
    /** A substitute variable's value. */
    public static final int MAX_SUBSTITUTE_VALUE = 16 * 1024;
    /** Entries of one kustomization's postBuild.substituteFrom. */
    public static final int MAX_SUBSTITUTE_FROM = 100;

    /*
     * Patterns the CRD schema checks (Go RE2 syntax: no look-ahead, so each says what is allowed). The validator holds the
     * same rules with its own messages; these only refuse at the door what needs no secret to judge.
     */
    /** A kustomization name: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit. */
    public static final String NAME_PATTERN = NameRules.NAME_PATTERN;
    /** A Kubernetes object name (DNS subdomain). */
    public static final String OBJECT_NAME_PATTERN = NameRules.SUBDOMAIN_PATTERN;
    /** A bucket name: 3 to 63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit. */
    public static final String BUCKET_NAME_PATTERN = "^[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]$";
    /**
     * A source URL: {@code git@host:path}, or {@code scheme://[user@]host[/...]} with no whitespace and no password in the
     * user part (the validator also refuses a user on http(s)).
     */
    public static final String URL_PATTERN = "^(git@[^\\s:/]+:\\S+|[a-zA-Z][a-zA-Z0-9+.\\-]*://([^/?#@:\\s]+@)?[^/?#@\\s]+([/?#]\\S*)?)$";
    /** One path segment that is not {@code ..} and holds no control character. */
    private static final String SEGMENT = "(\\.|\\.\\.[^/\\x00-\\x1f\\x7f]+|\\.[^./\\x00-\\x1f\\x7f][^/\\x00-\\x1f\\x7f]*"
            + "|[^./\\x00-\\x1f\\x7f][^/\\x00-\\x1f\\x7f]*)?";
    /** A path inside the source: segments separated by '/', none of them {@code ..}. */
    public static final String PATH_PATTERN = "^" + SEGMENT + "(/" + SEGMENT + ")*$";

    private InputLimits() {
    }
}
