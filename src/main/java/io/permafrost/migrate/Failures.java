package io.permafrost.migrate;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.util.Set;

/** How a failed source call is classified: worth retrying (throttling, 5xx, network) or not, and in words. */
final class Failures {
    /** Glacier's answers that mean "later": throttling, a retrieval policy's limit, too many jobs, timeouts. */
    private static final Set<String> RETRYABLE_CODES = Set.of("ThrottlingException", "PolicyEnforcedException",
            "LimitExceededException", "RequestTimeoutException", "ServiceUnavailableException", "SlowDown");
    private static final Set<String> CREDENTIAL_CODES = Set.of("UnrecognizedClientException",
            "InvalidSignatureException", "AccessDeniedException", "MissingAuthenticationTokenException",
            "IncompleteSignatureException", "ExpiredTokenException", "InvalidClientTokenId", "SignatureDoesNotMatch");

    private Failures() {
    }

    static boolean retryable(RuntimeException failure) {
        if (failure instanceof AwsServiceException service) {
            return service.statusCode() >= 500 || RETRYABLE_CODES.contains(code(service));
        }
        // No answer at all: connection refused or reset, timeout, a body cut short. Missing credentials are no
        // answer either, but waiting does not bring them.
        return (failure instanceof SdkClientException && !noCredentials(failure))
                || failure instanceof java.io.UncheckedIOException;
    }

    static boolean credentialsRejected(RuntimeException failure) {
        return failure instanceof AwsServiceException service
                && (CREDENTIAL_CODES.contains(code(service)) || service.statusCode() == 403);
    }

    /** The SDK found no credentials to sign with (no environment variables, profile or other source). */
    static boolean noCredentials(RuntimeException failure) {
        return failure instanceof SdkClientException
                && String.valueOf(failure.getMessage()).startsWith("Unable to load credentials");
    }

    static boolean notFound(RuntimeException failure) {
        return failure instanceof AwsServiceException service && "ResourceNotFoundException".equals(code(service));
    }

    static String code(AwsServiceException service) {
        return service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
    }

    /** One line: the Glacier error code and message, or the client-side failure. */
    static String describe(Throwable failure) {
        if (failure instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return code(service) + " (" + service.statusCode() + "): " + service.awsErrorDetails().errorMessage();
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
