package io.permafrost.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A statement's Resource or NotResource. "*" covers every resource including the "*" that
 * vault-less actions are evaluated against; an ARN pattern only ever matches ARNs.
 */
final class ResourceClause {
    private final boolean negated;
    private final boolean anyResource;
    private final List<ArnPattern> arns;

    private ResourceClause(boolean negated, boolean anyResource, List<ArnPattern> arns) {
        this.negated = negated;
        this.anyResource = anyResource;
        this.arns = List.copyOf(arns);
    }

    static ResourceClause everything() {
        return new ResourceClause(false, true, List.of());
    }

    /**
     * @param negated true for NotResource
     * @throws IllegalArgumentException naming the first entry that is neither "*" nor an ARN
     */
    static ResourceClause of(boolean negated, List<String> entries) {
        boolean anyResource = false;
        List<ArnPattern> arns = new ArrayList<>();
        for (String entry : entries) {
            if (entry.equals("*")) {
                anyResource = true;
                continue;
            }
            try {
                arns.add(ArnPattern.parse(entry));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("entry \"" + entry + "\" is not \"*\" and " + e.getMessage());
            }
        }
        return new ResourceClause(negated, anyResource, arns);
    }

    boolean matches(String resourceArn) {
        boolean listed = anyResource || arns.stream().anyMatch(arn -> arn.matches(resourceArn));
        return listed != negated;
    }
}
