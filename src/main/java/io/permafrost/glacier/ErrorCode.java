package io.permafrost.glacier;

/**
 * The one table of Glacier error codes: wire code, HTTP status and error type.
 * Statuses follow the Glacier error table of the spec (section 4.2), not the AWS-wide defaults.
 */
public enum ErrorCode {
    ACCESS_DENIED("AccessDeniedException", 403),
    BAD_REQUEST("BadRequest", 400),
    EXPIRED_TOKEN("ExpiredTokenException", 403),
    INSUFFICIENT_CAPACITY("InsufficientCapacityException", 503),
    INVALID_PARAMETER_VALUE("InvalidParameterValueException", 400),
    INVALID_SIGNATURE("InvalidSignatureException", 403),
    INCOMPLETE_SIGNATURE("IncompleteSignatureException", 400),
    LIMIT_EXCEEDED("LimitExceededException", 400),
    MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationTokenException", 400),
    MISSING_PARAMETER_VALUE("MissingParameterValueException", 400),
    POLICY_ENFORCED("PolicyEnforcedException", 400),
    REQUEST_TIMEOUT("RequestTimeoutException", 408),
    RESOURCE_NOT_FOUND("ResourceNotFoundException", 404),
    SERIALIZATION("SerializationException", 400),
    SERVICE_UNAVAILABLE("ServiceUnavailableException", 500),
    THROTTLING("ThrottlingException", 400),
    UNRECOGNIZED_CLIENT("UnrecognizedClientException", 400);

    private final String code;
    private final int httpStatus;

    ErrorCode(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** "Client" for 4xx, "Server" for 5xx, as the error envelope's {@code type} member. */
    public String type() {
        return httpStatus >= 500 ? "Server" : "Client";
    }
}
