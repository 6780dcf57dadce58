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
    /**
     * The audit trail cannot be written, so no change is made: the same code as any server failure, but 503
     * (Glacier's model gives the code 500) because it is a state to wait out, and clients retry a 503.
     */
    AUDIT_UNAVAILABLE("ServiceUnavailableException", 503),
    /**
     * The store is out of space (ENOSPC, SQLITE_FULL): nothing was stored. 503 like the audit's, for the same
     * reason: it passes once space is freed, and clients retry a 503 where they give up on a 500.
     */
    STORE_FULL("ServiceUnavailableException", 503),
    THROTTLING("ThrottlingException", 400),
    UNRECOGNIZED_CLIENT("UnrecognizedClientException", 400),

    // The SNS and SQS subset (docs/notifications.md): their query-protocol codes, rendered in those
    // services' own XML (or SQS JSON) error shapes by http.ErrorRenderer.
    QUERY_INVALID_ACTION("InvalidAction", 400),
    QUERY_MISSING_ACTION("MissingAction", 400),
    QUERY_MALFORMED("MalformedQueryString", 400),
    SNS_INVALID_PARAMETER("InvalidParameter", 400),
    SNS_NOT_FOUND("NotFound", 404),
    SNS_AUTHORIZATION_ERROR("AuthorizationError", 403),
    SQS_ACCESS_DENIED("AccessDenied", 403),
    SQS_INVALID_ATTRIBUTE_NAME("InvalidAttributeName", 400),
    SQS_INVALID_ATTRIBUTE_VALUE("InvalidAttributeValue", 400),
    SQS_INVALID_PARAMETER_VALUE("InvalidParameterValue", 400),
    SQS_MISSING_PARAMETER("MissingParameter", 400),
    SQS_NON_EXISTENT_QUEUE("AWS.SimpleQueueService.NonExistentQueue", 400),
    SQS_QUEUE_ALREADY_EXISTS("QueueAlreadyExists", 400),
    SQS_RECEIPT_HANDLE_INVALID("ReceiptHandleIsInvalid", 400);

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
