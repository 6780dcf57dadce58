package io.permafrost.policy;

import java.util.List;

/**
 * One parsed statement.
 *
 * @param sid       its {@code Sid}, or null when it has none (kept only to say which statement decided)
 * @param principal null in identity policies, whose statements are about the caller they are attached to
 */
record Statement(String sid, Effect effect, PrincipalClause principal, ActionClause action, ResourceClause resource,
                 List<Condition> conditions) {

    Statement {
        conditions = List.copyOf(conditions);
    }

    /** Denies every action on every resource to every caller, unconditionally: what fail-closed means. */
    static Statement denyEverything(PolicyKind kind) {
        PrincipalClause everyone = kind == PolicyKind.RESOURCE ? PrincipalClause.everyone() : null;
        return new Statement(null, Effect.DENY, everyone, ActionClause.everything(), ResourceClause.everything(), List.of());
    }

    /**
     * Whether the statement applies to the request, and how specifically it names the caller.
     * Conditions are checked last: they are the most expensive part.
     */
    PrincipalMatch appliesTo(AuthorizationRequest request) {
        PrincipalMatch who = principal == null ? PrincipalMatch.SPECIFIC : principal.match(request);
        if (who == PrincipalMatch.NONE || !action.matches(request.action()) || !resource.matches(request.resourceArn())) {
            return PrincipalMatch.NONE;
        }
        for (Condition condition : conditions) {
            if (!condition.isSatisfiedBy(request.context())) {
                return PrincipalMatch.NONE;
            }
        }
        return who;
    }
}
