package io.permafrost.policy;

import java.util.List;

/**
 * The Null operator: {@code true} asks for the key to be absent, {@code false} for it to be present;
 * several policy values are OR-ed like any other values. A key with no values counts as absent.
 */
record NullCondition(String lowerCaseKey, List<Boolean> expectAbsent) implements Condition {

    NullCondition {
        expectAbsent = List.copyOf(expectAbsent);
    }

    @Override
    public boolean isSatisfiedBy(ConditionContext context) {
        boolean absent = context.values(lowerCaseKey).map(List::isEmpty).orElse(true);
        return expectAbsent.stream().anyMatch(expected -> expected == absent);
    }
}
