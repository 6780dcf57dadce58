package io.permafrost.policy;

/**
 * Which kind of document a policy is. The kind decides whether statements name a principal: a
 * resource policy (vault access policy, vault lock policy) is attached to the vault and must say
 * whom each statement is about; an identity policy is attached to the caller, so the principal is
 * implied and naming one is an error.
 */
public enum PolicyKind {
    /** Attached to a user or role; statements must not carry Principal or NotPrincipal. */
    IDENTITY,
    /** Attached to a vault (access policy or lock policy); every statement needs Principal or NotPrincipal. */
    RESOURCE
}
