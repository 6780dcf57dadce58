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

    /**
     * This event's members of a record's canonical form (after {@code seq} and {@code time}), without
     * braces: built before the record is chained, on the request's thread, so that the single writer
     * thread only adds the two members it alone knows.
     */
    String canonicalMembers() {
        return new CanonicalJson()
                .string("request_id", requestId)
                .string("principal", principal)
                .string("account_id", accountId)
                .string("operation", operation)
                .string("vault", vault)
                .string("subject_id", subjectId)
                .string("decision", decision)
                .string("statement", statement)
                .string("source_ip", sourceIp)
                .string("user_agent", userAgent)
                .string("result", result)
                .members();
    }
}
