package io.permafrost.it;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Asserts the exact Glacier error (status, code, message) an SDK call fails with. */
final class ExpectedError {
    private ExpectedError() {
    }

    static AwsServiceException of(ThrowingCallable call, int status, String code) {
        AwsServiceException e = catchThrowableOfType(AwsServiceException.class, call);
        assertThat(e).as("expected %d %s", status, code).isNotNull();
        assertThat(e.awsErrorDetails().errorCode()).as("code of: %s", e.getMessage()).isEqualTo(code);
        assertThat(e.statusCode()).as("status of: %s", e.getMessage()).isEqualTo(status);
        return e;
    }

    static AwsServiceException of(ThrowingCallable call, int status, String code, String message) {
        AwsServiceException e = of(call, status, code);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        return e;
    }

    static AwsServiceException startingWith(ThrowingCallable call, int status, String code, String messagePrefix) {
        AwsServiceException e = of(call, status, code);
        assertThat(e.awsErrorDetails().errorMessage()).startsWith(messagePrefix);
        return e;
    }

    static String denied(String principalArn, String action, String resourceArn) {
        return "User: " + principalArn + " is not authorized to perform: glacier:" + action + " on resource: " + resourceArn;
    }

    /** AddTagsToVault's refusal of a key that differs only in letter case from {@code other}. */
    static String tagKeyCaseConflict(String key, String other) {
        return "Invalid tag key: " + key + " differs only in letter case from " + other
                + " (tag keys that differ only in case are one key to policy conditions)";
    }

    static String explicitlyDenied(String principalArn, String action, String resourceArn) {
        return denied(principalArn, action, resourceArn) + " with an explicit deny";
    }
}
