package io.permafrost.policy;

/**
 * Where a deciding statement is: in the identity or the resource policies passed to the evaluator,
 * at which position of that list, and which statement of that policy.
 *
 * @param sid the statement's {@code Sid}, or null when it has none
 */
public record DecidingStatement(PolicyKind kind, int policyIndex, int statementIndex, String sid) {
    /** {@code Sid "x"} when it has one, else {@code Statement[i]} as the policy's JSON would index it. */
    public String name() {
        // The Sid is the policy author's text: control characters and quotes are replaced so that a Sid
        // cannot forge a log line.
        return sid != null ? "Sid \"" + sid.replaceAll("[\\p{Cntrl}\"\\\\]", "?") + "\""
                : "Statement[" + statementIndex + "]";
    }
}
