package dev.fluxconfig.model.validation;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.fluxconfig.model.Durations;

/**
 * One validation run: the broken rules found so far, the protected settings the rules may read, and the checks that
 * several rule sets share (lengths, durations, Secret names, URLs, base64, semver ranges).
 */
final class ValidationRun {

    static final String PROTECTED = "configurationProtectedSettings";

    static final Pattern SCP_GIT_URL = Pattern.compile("^git@[^\\s:/]+:[^\\s]+$");
    private static final String SEMVER_VERSION = "v?(?:\\d+|[xX*])(?:\\.(?:\\d+|[xX*])){0,2}(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?";
    private static final String SEMVER_TERM = "(?:" + SEMVER_VERSION + "\\s+-\\s+" + SEMVER_VERSION
            + "|(?:(?:!=|>=|=>|<=|=<|~>|[=><~^])\\s*)?" + SEMVER_VERSION + ")";
    private static final String SEMVER_AND = SEMVER_TERM + "(?:(?:\\s*,\\s*|\\s+)" + SEMVER_TERM + ")*";
    private static final Pattern SEMVER_RANGE = Pattern
            .compile("^\\s*" + SEMVER_AND + "(?:\\s*\\|\\|\\s*" + SEMVER_AND + ")*\\s*$");

    private final List<ValidationError> errors = new ArrayList<>();
    /** Protected settings, or {@code null} when they are not known to the caller (rules that need them are skipped). */
    private final Map<String, String> secrets;

    ValidationRun(Map<String, String> protectedSettings) {
        this.secrets = protectedSettings;
    }

    List<ValidationError> errors() {
        return List.copyOf(errors);
    }

    void error(String field, String message) {
        errors.add(new ValidationError(field, message));
    }

    /** Whether the caller knows the protected settings (without them, the rules about them are skipped). */
    boolean secretsKnown() {
        return secrets != null;
    }

    /** The keys of the protected settings; call only when {@link #secretsKnown()}. */
    Set<String> secretKeys() {
        return secrets.keySet();
    }

    /** Reports a value longer than {@code max} characters (without quoting it); true when it is too long. */
    boolean tooLong(String field, String value, int max) {
        if (value != null && value.length() > max) {
            error(field, "is " + value.length() + " characters long; at most " + max + " are allowed");
            return true;
        }
        return false;
    }

    boolean hasSecret(String key) {
        return secrets != null && secrets.get(key) != null && !secrets.get(key).isEmpty();
    }

    void checkBase64Secret(String key, boolean mustBePrivateKey) {
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

    static String decodeBase64(String value) {
        try {
            return new String(Base64.getMimeDecoder().decode(value.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static boolean isBase64(String value) {
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

    void checkSeconds(String field, Long seconds, boolean required) {
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

    void checkLocalAuthRef(String field, String ref) {
        if (ref == null) {
            return;
        }
        if (tooLong(field, ref, NameRules.MAX_SUBDOMAIN)) {
            return;
        }
        if (!NameRules.isDnsSubdomain(ref)) {
            error(field, "'" + ref + "' is not a valid Secret name (lower-case letters, digits, '-' and '.')");
        }
    }

    /**
     * A semver range as Flux reads it (Masterminds constraints): {@code 1.2.x}, {@code >=1.0.0 <2.0.0},
     * {@code ^1.2 || ~2.0}, {@code 1.0 - 1.4}. The az CLI passes any text; this refuses what Flux could never parse.
     */
    void checkSemver(String field, String range) {
        if (range.length() > 256 || !SEMVER_RANGE.matcher(range).matches()) {
            error(field, "'" + range + "' is not a semver range such as 1.2.x, >=1.0.0 <2.0.0 or ^1.2 || ~2.0");
        }
    }

    /**
     * A URL as error messages and status may show it: scheme and host (and port) only, so that neither a credential nor a
     * long or hostile path is ever quoted; {@code null} when the URL has no recognisable host.
     */
    static String redactUrl(String url) {
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

    /**
     * Parses a URL and checks its scheme, host and that it carries no credential; returns the scheme, or null after
     * reporting an error. Messages quote the URL only in its redacted form ({@link #redactUrl}).
     *
     * @param credentials where the credentials of this source kind belong, for the message that refuses a URL with them
     */
    String checkUrl(String field, String url, Set<String> schemes, String schemesText, String credentials) {
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
}
