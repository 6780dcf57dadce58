package io.permafrost.policy;

import java.util.List;

/**
 * An immutable, validated policy document. Only {@link PolicyParser} creates one, so holding a
 * Policy means holding something the evaluator can apply in full.
 */
public final class Policy {
    private final PolicyKind kind;
    private final List<Statement> statements;

    Policy(PolicyKind kind, List<Statement> statements) {
        this.kind = kind;
        this.statements = List.copyOf(statements);
    }

    static Policy denyEverything(PolicyKind kind) {
        return new Policy(kind, List.of(Statement.denyEverything(kind)));
    }

    public PolicyKind kind() {
        return kind;
    }

    List<Statement> statements() {
        return statements;
    }

    /**
     * Whether any statement has a condition: only then does its evaluation read the request's condition
     * keys, so a gate can skip building them (the clock formatted twice, a map of a dozen keys) for the
     * common request that no conditional policy applies to.
     */
    public boolean readsConditionKeys() {
        return statements.stream().anyMatch(statement -> !statement.conditions().isEmpty());
    }

    @Override
    public String toString() {
        return "Policy[" + kind + ", " + statements.size() + " statement(s)]";
    }
}
