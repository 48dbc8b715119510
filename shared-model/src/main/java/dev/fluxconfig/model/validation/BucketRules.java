package dev.fluxconfig.model.validation;

import static dev.fluxconfig.model.FluxConfigConstants.PS_BUCKET_SECRET_KEY;
import static dev.fluxconfig.model.validation.ValidationRun.PROTECTED;

import java.util.Set;
import java.util.regex.Pattern;

import dev.fluxconfig.model.v1alpha1.spec.BucketDefinition;

/** The rules of a Bucket source: URL, bucket name, and access key with secret key or a Secret. */
final class BucketRules {

    /** Protected-setting keys a Bucket source understands. */
    static final Set<String> PROTECTED_KEYS = Set.of(PS_BUCKET_SECRET_KEY);

    private static final Pattern BUCKET_NAME = Pattern.compile(InputLimits.BUCKET_NAME_PATTERN);

    private BucketRules() {
    }

    static void check(BucketDefinition bucket, ValidationRun run) {
        run.checkUrl("bucket.url", bucket.getUrl(), Set.of("http", "https"), "http:// or https://",
                "give accessKey and the protected setting bucketSecretKey, or name a Secret with localAuthRef");
        run.tooLong("bucket.accessKey", bucket.getAccessKey(), InputLimits.MAX_TEXT);
        String name = bucket.getBucketName();
        if (name == null || name.isEmpty()) {
            run.error("bucket.bucketName", "is required");
        } else if (!run.tooLong("bucket.bucketName", name, InputLimits.MAX_BUCKET_NAME)
                && !BUCKET_NAME.matcher(name).matches()) {
            run.error("bucket.bucketName", "'" + name + "' must be 3 to 63 lower-case letters, digits, '.' and '-'");
        }
        run.checkSeconds("bucket.timeoutInSeconds", bucket.getTimeoutInSeconds(), false);
        run.checkSeconds("bucket.syncIntervalInSeconds", bucket.getSyncIntervalInSeconds(), false);
        run.checkLocalAuthRef("bucket.localAuthRef", bucket.getLocalAuthRef());
        boolean accessKey = bucket.getAccessKey() != null && !bucket.getAccessKey().isEmpty();
        boolean secretKey = run.hasSecret(PS_BUCKET_SECRET_KEY);
        boolean localAuth = bucket.getLocalAuthRef() != null;
        if (run.secretsKnown() && accessKey != secretKey) {
            run.error(accessKey ? PROTECTED + "." + PS_BUCKET_SECRET_KEY : "bucket.accessKey",
                    "accessKey and the protected setting bucketSecretKey must be given together");
        }
        if (localAuth && (accessKey || secretKey)) {
            run.error("bucket.localAuthRef", "cannot be combined with accessKey/bucketSecretKey");
        }
        if (run.secretsKnown() && !localAuth && !accessKey && !secretKey) {
            run.error("bucket", "needs credentials: accessKey with bucketSecretKey, or localAuthRef");
        }
        run.checkBase64Secret(PS_BUCKET_SECRET_KEY, false);
    }
}
