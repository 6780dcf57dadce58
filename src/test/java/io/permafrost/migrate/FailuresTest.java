package io.permafrost.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.glacier.model.GlacierException;

/** Which source failures are waited out and which are reported at once. */
class FailuresTest {

    private static GlacierException answer(int status, String code) {
        return (GlacierException) GlacierException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("m").build()).build();
    }

    @Test
    void throttlingARetrievalPolicyAServerErrorAndNoAnswerAtAllAreRetried() {
        assertThat(Failures.retryable(answer(400, "ThrottlingException"))).isTrue();
        assertThat(Failures.retryable(answer(400, "PolicyEnforcedException"))).isTrue();
        assertThat(Failures.retryable(answer(503, "ServiceUnavailableException"))).isTrue();
        assertThat(Failures.retryable(answer(500, "InternalError"))).isTrue();
        assertThat(Failures.retryable(SdkClientException.create("Unable to execute HTTP request: Connection refused")))
                .isTrue();
    }

    @Test
    void wrongCredentialsAMissingVaultAndMissingCredentialsAreNotWaitedOut() {
        assertThat(Failures.retryable(answer(403, "InvalidSignatureException"))).isFalse();
        assertThat(Failures.credentialsRejected(answer(403, "InvalidSignatureException"))).isTrue();
        assertThat(Failures.retryable(answer(404, "ResourceNotFoundException"))).isFalse();
        assertThat(Failures.notFound(answer(404, "ResourceNotFoundException"))).isTrue();
        SdkClientException none = SdkClientException.create("Unable to load credentials from any of the providers");
        assertThat(Failures.retryable(none)).isFalse();
        assertThat(Failures.noCredentials(none)).isTrue();
    }

    @Test
    void aFailureIsDescribedInOneLineWithItsGlacierCode() {
        assertThat(Failures.describe(answer(400, "ThrottlingException"))).isEqualTo("ThrottlingException (400): m");
        assertThat(Failures.describe(new IllegalStateException("two\n  lines"))).isEqualTo("two lines");
    }
}
