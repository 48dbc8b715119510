package dev.fluxconfig.sandbox.fluxstandin;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * When the stand-in fails an object on purpose: the annotation {@value FluxStandIn#FAIL_ANNOTATION} on any object it plays
 * (its value is the message), or a source URL matching the failure pattern (an authentication failure, as a private
 * repository without credentials gives).
 */
final class FailureRules {

    /** A requested failure: the condition reason and message to report. */
    record Failure(String reason, String message) {
    }

    private static final Pattern USER_INFO = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)([^/@]*)@");

    private final Pattern urlPattern;

    FailureRules(Pattern urlPattern) {
        this.urlPattern = urlPattern;
    }

    /** The failure requested by annotation, with the reason Flux gives for a failure of this kind. */
    Optional<Failure> byAnnotation(FluxKind kind, HasMetadata obj) {
        Map<String, String> annotations = obj.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(FluxStandIn.FAIL_ANNOTATION);
        if (value == null) {
            return Optional.empty();
        }
        String message = value.isBlank() ? "failure requested with the annotation " + FluxStandIn.FAIL_ANNOTATION : value;
        return Optional.of(new Failure(annotationReason(kind), message));
    }

    /** The failure the URL rule gives a source, if its URL matches. */
    Optional<Failure> byUrl(FluxKind kind, String url) {
        if (urlPattern == null || url == null || !urlPattern.matcher(url).find()) {
            return Optional.empty();
        }
        String shown = redact(url);
        String what = switch (kind) {
            case GIT_REPOSITORY -> "failed to checkout and determine revision: unable to clone '" + shown + "'";
            case BUCKET -> "failed to confirm existence of bucket '" + shown + "'";
            case OCI_REPOSITORY -> "failed to determine artifact digest: GET " + shown;
            default -> "failed to fetch Helm repository index from '" + shown + "'";
        };
        return Optional.of(new Failure("AuthenticationFailed", what + ": authentication required"
                + " (flux stand-in: the URL matches the failure rule '" + urlPattern.pattern() + "')"));
    }

    static String annotationReason(FluxKind kind) {
        return switch (kind) {
            case GIT_REPOSITORY -> "GitOperationFailed";
            case BUCKET -> "BucketOperationFailed";
            case OCI_REPOSITORY -> "OCIArtifactPullFailed";
            case HELM_REPOSITORY -> "IndexationFailed";
            case HELM_CHART -> "ChartPullFailed";
            case KUSTOMIZATION -> "ReconciliationFailed";
            case HELM_RELEASE -> "InstallFailed";
        };
    }

    /** A URL without user information, so no credential reaches a status or a log. */
    static String redact(String url) {
        if (url == null) {
            return null;
        }
        Matcher m = USER_INFO.matcher(url);
        if (!m.find() || m.group(2).equals("git")) {
            return url;
        }
        return m.group(1) + url.substring(m.end());
    }
}
