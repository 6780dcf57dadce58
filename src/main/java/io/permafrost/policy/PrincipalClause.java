package io.permafrost.policy;

import java.util.List;

/** A statement's Principal or NotPrincipal: the entries it lists, and whether it lists exclusions. */
final class PrincipalClause {
    private final boolean negated;
    private final List<PrincipalPattern> patterns;

    PrincipalClause(boolean negated, List<PrincipalPattern> patterns) {
        this.negated = negated;
        this.patterns = List.copyOf(patterns);
    }

    static PrincipalClause everyone() {
        return new PrincipalClause(false, List.of(new PrincipalPattern.Everyone()));
    }

    /** Whether the clause names every caller ("*"), so a statement with it holds for anyone at all. */
    boolean coversEveryone() {
        return !negated && patterns.stream().anyMatch(p -> p instanceof PrincipalPattern.Everyone);
    }

    /**
     * For NotPrincipal an entry excludes exactly the callers it would match as a Principal (so an
     * account entry excludes all of that account); a caller not excluded is covered the way "*"
     * covers it, never as specifically named.
     */
    PrincipalMatch match(AuthorizationRequest request) {
        PrincipalMatch best = PrincipalMatch.NONE;
        for (PrincipalPattern pattern : patterns) {
            best = best.strongest(pattern.match(request));
        }
        if (!negated) {
            return best;
        }
        return best == PrincipalMatch.NONE ? PrincipalMatch.BROAD : PrincipalMatch.NONE;
    }
}
