package io.permafrost.store;

import java.time.Instant;

/**
 * One Set or Delete of a vault's access policy as its history keeps it: when (compliance clock), by whom
 * (the caller's ARN, or the admin command that made it), and the policy text, null for a delete.
 */
public record AccessPolicyChange(Instant at, String principal, String policy) {
}
