package io.permafrost.glacier;

/**
 * The one exception type for every error a Glacier client may see. The HTTP layer renders it as
 * {@code {"code","message","type"}} with the status of its {@link ErrorCode}.
 */
public final class GlacierException extends RuntimeException {
    private final ErrorCode errorCode;

    public GlacierException(ErrorCode errorCode, String message) {
        super(message, null, false, false);
        this.errorCode = errorCode;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public static GlacierException invalidParameter(String message) {
        return new GlacierException(ErrorCode.INVALID_PARAMETER_VALUE, message);
    }

    public static GlacierException missingParameter(String name) {
        return new GlacierException(ErrorCode.MISSING_PARAMETER_VALUE, "Required parameter missing: " + name);
    }

    public static GlacierException notFound(String message) {
        return new GlacierException(ErrorCode.RESOURCE_NOT_FOUND, message);
    }

    public static GlacierException accessDenied(String message) {
        return new GlacierException(ErrorCode.ACCESS_DENIED, message);
    }

    public static GlacierException serialization(String message) {
        return new GlacierException(ErrorCode.SERIALIZATION, message);
    }
}
