package io.permafrost.policy;

/** A statement's Effect member. */
enum Effect {
    ALLOW,
    DENY
}
