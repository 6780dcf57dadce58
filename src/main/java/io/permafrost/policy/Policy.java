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

    @Override
    public String toString() {
        return "Policy[" + kind + ", " + statements.size() + " statement(s)]";
    }
}
