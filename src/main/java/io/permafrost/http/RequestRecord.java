package io.permafrost.http;

import java.time.Instant;

/**
 * What one finished API request was, for metrics and the access log.
 *
 * @param operation     the Glacier operation, or null when the request matched none (refused before routing)
 * @param principalArn  the authenticated caller, or null when the signature was not (yet) proven
 * @param vault         the vault name of the path, or null
 */
public record RequestRecord(Instant time, String requestId, String principalArn, String operation, String vault,
                            int status, long bytesIn, long bytesOut, long durationNanos, String remoteAddress,
                            String userAgent) {
}
