package io.permafrost.policy;

import java.util.List;

/**
 * Decides a request against the caller's identity policies and the vault's resource policies
 * (spec 15.7). Stateless; one instance can serve every request.
 */
public final class PolicyEvaluator {

    /**
     * @param identityPolicies the caller's policies, all of kind IDENTITY
     * @param resourcePolicies the vault's access policy and lock policy (0..2), all of kind RESOURCE;
     *                         empty for vault-less actions
     * @throws IllegalArgumentException if a policy of the wrong kind is passed: its statements would
     *         be read with the wrong principal rules, so refusing is the only safe answer
     */
    public Decision evaluate(AuthorizationRequest request, List<Policy> identityPolicies, List<Policy> resourcePolicies) {
        return explain(request, identityPolicies, resourcePolicies).decision();
    }

    /**
     * The same decision as {@link #evaluate}, with the statement that made it: the first matching Deny,
     * else the first Allow that counted; none for an implicit deny or an allow the account root needs no
     * statement for. {@code evaluate} is this method, so the two can never disagree.
     */
    public Verdict explain(AuthorizationRequest request, List<Policy> identityPolicies, List<Policy> resourcePolicies) {
        requireKind(identityPolicies, PolicyKind.IDENTITY);
        requireKind(resourcePolicies, PolicyKind.RESOURCE);

        DecidingStatement identityAllow = null;
        DecidingStatement resourceAllow = null;
        DecidingStatement specificResourceAllow = null;
        PrincipalMatch resourceAllows = PrincipalMatch.NONE;
        // A Deny anywhere wins, so every statement of both lists is looked at before any Allow counts.
        for (int p = 0; p < identityPolicies.size(); p++) {
            List<Statement> statements = identityPolicies.get(p).statements();
            for (int s = 0; s < statements.size(); s++) {
                Statement statement = statements.get(s);
                if (statement.appliesTo(request) != PrincipalMatch.NONE) {
                    if (statement.effect() == Effect.DENY) {
                        return new Verdict(Decision.EXPLICIT_DENY, new DecidingStatement(PolicyKind.IDENTITY, p, s, statement.sid()));
                    }
                    if (identityAllow == null) {
                        identityAllow = new DecidingStatement(PolicyKind.IDENTITY, p, s, statement.sid());
                    }
                }
            }
        }
        for (int p = 0; p < resourcePolicies.size(); p++) {
            List<Statement> statements = resourcePolicies.get(p).statements();
            for (int s = 0; s < statements.size(); s++) {
                Statement statement = statements.get(s);
                PrincipalMatch match = statement.appliesTo(request);
                if (match != PrincipalMatch.NONE) {
                    if (statement.effect() == Effect.DENY) {
                        return new Verdict(Decision.EXPLICIT_DENY, new DecidingStatement(PolicyKind.RESOURCE, p, s, statement.sid()));
                    }
                    resourceAllows = resourceAllows.strongest(match);
                    if (resourceAllow == null) {
                        resourceAllow = new DecidingStatement(PolicyKind.RESOURCE, p, s, statement.sid());
                    }
                    if (match == PrincipalMatch.SPECIFIC && specificResourceAllow == null) {
                        specificResourceAllow = new DecidingStatement(PolicyKind.RESOURCE, p, s, statement.sid());
                    }
                }
            }
        }

        boolean identityAllows = identityAllow != null;
        boolean allowed;
        DecidingStatement decidingAllow;
        if (request.isSameAccount()) {
            // Within the owner account a grant to the account as a whole (or to "*") only delegates to
            // the account's own identity policies; only a grant naming the caller stands alone.
            allowed = request.principalIsRoot() || identityAllows || resourceAllows == PrincipalMatch.SPECIFIC;
            decidingAllow = request.principalIsRoot() ? null : identityAllows ? identityAllow : specificResourceAllow;
        } else {
            // Across accounts both sides must agree: the vault owner grants, the caller's account permits.
            allowed = resourceAllows != PrincipalMatch.NONE && (request.principalIsRoot() || identityAllows);
            decidingAllow = resourceAllow;
        }
        return allowed ? new Verdict(Decision.ALLOW, decidingAllow) : new Verdict(Decision.IMPLICIT_DENY, null);
    }

    private static void requireKind(List<Policy> policies, PolicyKind expected) {
        for (Policy policy : policies) {
            if (policy.kind() != expected) {
                throw new IllegalArgumentException("expected " + expected + " policies, got " + policy);
            }
        }
    }
}
