package io.permafrost.vault;

import io.permafrost.policy.Decision;

/**
 * What the gate would decide and why, in terms a person can follow: the decision, and the statement
 * that made it (its policy's name, the policy document and the statement's position in it, from 0).
 * {@code policyName} and {@code policyDocument} are null and {@code statementIndex} is -1 when no
 * single statement decided (an implicit deny, or an account root in its own account).
 */
public record AccessExplanation(Decision decision, String policyName, String policyDocument, int statementIndex) {
}
