package dev.fluxconfig.sandbox.fluxstandin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.fluxconfig.model.flux.source.GitRepositoryRef;
import dev.fluxconfig.model.flux.source.OCIRepositoryRef;

/**
 * The fake revisions the stand-in reports, in the formats of Flux v1 sources. Nothing is fetched: every revision is a
 * deterministic hash of the source's location and reference, so the same spec always gives the same revision and a changed
 * reference gives a new one.
 */
public final class Revisions {

    /** Flux's default branch when a GitRepository names no reference. */
    public static final String DEFAULT_BRANCH = "master";

    /** The version the stand-in "resolves" when a chart asks for any version. */
    public static final String ANY_CHART_VERSION = "1.0.0";

    private static final Pattern VERSION = Pattern
            .compile("v?(\\d+)(?:\\.(\\d+|[xX*]))?(?:\\.(\\d+|[xX*]))?(-[0-9A-Za-z.-]+)?");
    private static final Pattern EXACT_VERSION = Pattern.compile("v?\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");

    private Revisions() {
    }

    /**
     * Revision of a GitRepository, with Flux's reference precedence (commit, name, semver, tag, branch):
     * {@code <branch>@sha1:<40 hex>}, {@code <tag>@sha1:…}, {@code <ref name>@sha1:…}, {@code sha1:<commit>} or
     * {@code <branch>@sha1:<commit>}.
     */
    public static String gitRevision(String url, GitRepositoryRef ref) {
        String commit = ref == null ? null : blankToNull(ref.getCommit());
        String branch = ref == null ? null : blankToNull(ref.getBranch());
        if (commit != null) {
            String sha = commit.toLowerCase(Locale.ROOT);
            return branch == null ? "sha1:" + sha : branch + "@sha1:" + sha;
        }
        String name = ref == null ? null : blankToNull(ref.getName());
        if (name != null) {
            return name + "@sha1:" + sha1Hex(url + "#" + name);
        }
        String semver = ref == null ? null : blankToNull(ref.getSemver());
        if (semver != null) {
            String tag = lowestVersion(semver);
            return tag + "@sha1:" + sha1Hex(url + "#tag:" + tag);
        }
        String tag = ref == null ? null : blankToNull(ref.getTag());
        if (tag != null) {
            return tag + "@sha1:" + sha1Hex(url + "#tag:" + tag);
        }
        String b = branch == null ? DEFAULT_BRANCH : branch;
        return b + "@sha1:" + sha1Hex(url + "#" + b);
    }

    /** Revision of a Bucket: {@code sha256:<64 hex>} of its endpoint and bucket name. */
    public static String bucketRevision(String endpoint, String bucketName) {
        return "sha256:" + sha256Hex(nullToEmpty(endpoint) + "/" + nullToEmpty(bucketName));
    }

    /**
     * Revision of an OCIRepository: {@code <tag>@sha256:<64 hex>} ({@code latest} when no reference), the given digest when
     * the reference pins one ({@code <tag>@<digest>} when a tag is named too).
     */
    public static String ociRevision(String url, OCIRepositoryRef ref) {
        String digest = ref == null ? null : blankToNull(ref.getDigest());
        String tag = ref == null ? null : blankToNull(ref.getTag());
        if (digest != null) {
            return tag == null ? digest : tag + "@" + digest;
        }
        String semver = ref == null ? null : blankToNull(ref.getSemver());
        if (semver != null) {
            tag = lowestVersion(semver);
        }
        String t = tag == null ? "latest" : tag;
        return t + "@sha256:" + sha256Hex(nullToEmpty(url) + ":" + t);
    }

    /** Revision of a HelmRepository's index: {@code sha256:<64 hex>} of its URL. */
    public static String helmRepositoryRevision(String url) {
        return "sha256:" + sha256Hex("index:" + nullToEmpty(url));
    }

    /**
     * The chart version the stand-in "pulls" for a version constraint: the constraint itself when it is an exact version,
     * otherwise the lowest version it names with wildcards as 0 and no pre-release ({@code 17.x} → {@code 17.0.0},
     * {@code >=1.0.0-alpha} → {@code 1.0.0}), and {@value #ANY_CHART_VERSION} for {@code *} or nothing.
     */
    public static String chartVersion(String constraint) {
        String c = constraint == null ? "" : constraint.trim();
        if (EXACT_VERSION.matcher(c).matches()) {
            return c.startsWith("v") ? c.substring(1) : c;
        }
        return c.isEmpty() || c.equals("*") ? ANY_CHART_VERSION : lowestVersion(c);
    }

    /** Digest of the artifact of a revision: {@code sha256:<64 hex>}. */
    public static String artifactDigest(String revision) {
        return "sha256:" + sha256Hex("artifact:" + revision);
    }

    /** A plausible, deterministic artifact size in bytes (between 2 KiB and 66 KiB). */
    public static long artifactSize(String revision) {
        String hex = sha256Hex("size:" + revision);
        return 2048 + Long.parseLong(hex.substring(0, 4), 16);
    }

    /** The commit-like part of a revision: what follows the last ':' ({@code main@sha1:abc} → {@code abc}). */
    public static String checksum(String revision) {
        int colon = revision.lastIndexOf(':');
        return colon < 0 ? revision : revision.substring(colon + 1);
    }

    static String lowestVersion(String constraint) {
        Matcher m = VERSION.matcher(constraint);
        if (!m.find()) {
            return ANY_CHART_VERSION;
        }
        return m.group(1) + "." + zeroIfWild(m.group(2)) + "." + zeroIfWild(m.group(3));
    }

    private static String zeroIfWild(String part) {
        return part == null || part.equalsIgnoreCase("x") || part.equals("*") ? "0" : part;
    }

    static String sha1Hex(String s) {
        return hex("SHA-1", s);
    }

    static String sha256Hex(String s) {
        return hex("SHA-256", s);
    }

    private static String hex(String algorithm, String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
