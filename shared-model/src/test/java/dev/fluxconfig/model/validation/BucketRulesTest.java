package dev.fluxconfig.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.fluxconfig.model.v1alpha1.spec.BucketDefinition;

/** The Bucket rules on their own, for the rules the whole-configuration tests do not reach. */
class BucketRulesTest {

    static final String SECRET = FluxConfigValidatorTest.b64("secret");

    static List<ValidationError> check(BucketDefinition bucket, Map<String, String> secrets) {
        return RuleRuns.run(secrets, r -> BucketRules.check(bucket, r));
    }

    @Test
    void aBucketWithAccessKeyAndSecretKeyIsValid() {
        assertThat(check(FluxConfigValidatorTest.bucket(), Map.of("bucketSecretKey", SECRET))).isEmpty();
    }

    @Test
    void theBucketNameIsRequiredAndBounded() {
        BucketDefinition b = FluxConfigValidatorTest.bucket();
        b.setBucketName(null);
        assertThat(check(b, Map.of("bucketSecretKey", SECRET)))
                .containsExactly(new ValidationError("bucket.bucketName", "is required"));
        b.setBucketName("b".repeat(64));
        assertThat(check(b, Map.of("bucketSecretKey", SECRET)))
                .containsExactly(new ValidationError("bucket.bucketName", "is 64 characters long; at most 63 are allowed"));
        b.setBucketName("ab");
        assertThat(check(b, Map.of("bucketSecretKey", SECRET))).containsExactly(new ValidationError("bucket.bucketName",
                "'ab' must be 3 to 63 lower-case letters, digits, '.' and '-'"));
    }

    @Test
    void aSecretKeyWithoutAccessKeyNamesTheAccessKey() {
        BucketDefinition b = FluxConfigValidatorTest.bucket();
        b.setAccessKey(null);
        assertThat(check(b, Map.of("bucketSecretKey", SECRET))).containsExactly(new ValidationError("bucket.accessKey",
                "accessKey and the protected setting bucketSecretKey must be given together"));
    }

    @Test
    void theSecretKeyMustBeBase64() {
        assertThat(check(FluxConfigValidatorTest.bucket(), Map.of("bucketSecretKey", "not base64!")))
                .containsExactly(new ValidationError("configurationProtectedSettings.bucketSecretKey",
                        "must be base64-encoded"));
    }

    @Test
    void withoutTheProtectedSettingsTheRulesAboutThemAreSkipped() {
        BucketDefinition b = FluxConfigValidatorTest.bucket();
        assertThat(check(b, null)).isEmpty();
        b.setAccessKey(null);
        assertThat(check(b, null)).isEmpty();
        assertThat(check(b, Map.of())).containsExactly(
                new ValidationError("bucket", "needs credentials: accessKey with bucketSecretKey, or localAuthRef"));
    }
}
