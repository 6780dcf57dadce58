package io.permafrost.audit;

/**
 * What one audited request was: everything an audit record says except where it sits in the chain
 * (sequence number, time, hashes). Absent values are null.
 *
 * @param subjectId the archive, upload, job or lock id the request acted on or created
 * @param decision  {@code Allow} or {@code Deny} by the authorization gate, {@code None} when the request
 *                  failed before the gate decided
 * @param statement the statement that decided (policy and {@code Sid}), or {@code implicit deny}
 * @param result    {@code OK}, or the Glacier error code the client got
 */
public record AuditEvent(String requestId, String principal, String accountId, String operation, String vault,
                         String subjectId, String decision, String statement, String sourceIp, String userAgent,
                         String result) {
    public static final String OK = "OK";
}
