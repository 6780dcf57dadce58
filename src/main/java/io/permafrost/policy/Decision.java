package io.permafrost.policy;

/** Outcome of evaluating a request. Both deny values become 403; they differ only in the message. */
public enum Decision {
    ALLOW,
    /** An applicable Deny statement decided; no Allow anywhere can override it. */
    EXPLICIT_DENY,
    /** Nothing allowed the request. */
    IMPLICIT_DENY
}
