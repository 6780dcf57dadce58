package io.permafrost.policy;

/**
 * A decision and the statement that made it, for people who need to see why (the console's policy
 * simulator and its refusals); the gate itself only ever uses {@link #decision()}.
 *
 * @param decidingStatement null when no single statement decided: an implicit deny, or the account
 *                          root acting in its own account
 */
public record Verdict(Decision decision, Source decidingStatement) {

    /**
     * Where a statement sits: an identity policy of the caller or a resource policy of the vault, by
     * position in the lists the evaluator was given, and its position in that policy (both from 0).
     */
    public record Source(PolicyKind kind, int policyIndex, int statementIndex) {
    }
}
