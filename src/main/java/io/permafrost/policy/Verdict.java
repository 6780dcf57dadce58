package io.permafrost.policy;

/**
 * A decision and, for an explicit deny, the statement that made it (for the server log; the wire
 * message never names it, as on AWS).
 *
 * @param decidedBy the denying statement; null for ALLOW and IMPLICIT_DENY, where no single statement decided
 */
public record Verdict(Decision decision, DecidingStatement decidedBy) {
    static final Verdict ALLOWED = new Verdict(Decision.ALLOW, null);
    static final Verdict NOTHING_ALLOWED = new Verdict(Decision.IMPLICIT_DENY, null);

    static Verdict deniedBy(DecidingStatement statement) {
        return new Verdict(Decision.EXPLICIT_DENY, statement);
    }
}
