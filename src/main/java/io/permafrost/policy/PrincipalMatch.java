package io.permafrost.policy;

/**
 * How a statement's principal covers the caller. The difference matters only for Allow in the
 * caller's own account: a grant naming the caller suffices on its own, a grant to the whole account
 * (or to everyone) still needs the caller's identity policies to agree (spec 15.7 step 3).
 */
enum PrincipalMatch {
    NONE,
    /** Covered through "*", the caller's account as a whole, or a NotPrincipal that omits the caller. */
    BROAD,
    /** The caller named by its user, role or role-session ARN (and identity statements, which are the caller's own). */
    SPECIFIC;

    PrincipalMatch strongest(PrincipalMatch other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
