package io.permafrost.policy;

/**
 * A decision and the statement that made it: the denying statement of an explicit deny (named in the
 * server's denial log; the wire message never names it, as on AWS), or the allowing one (shown by the
 * console's policy simulator). The gate's decisions use only {@link #decision()}.
 *
 * @param decidingStatement null when no single statement decided: an implicit deny, or the account
 *                          root acting in its own account
 */
public record Verdict(Decision decision, DecidingStatement decidingStatement) {
}
