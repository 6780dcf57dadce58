package io.permafrost.policy;

import java.util.List;
import java.util.function.Predicate;

/**
 * Every operator but Null: the request's values of one key against the policy's values.
 *
 * <p>One request value satisfies a positive operator if any policy value matches it, and a negated
 * operator if none does. Without a qualifier a positive operator needs one satisfying request value
 * and a negated one needs all of them to satisfy it (so "true only if no value matches" holds across
 * multi-valued keys too); ForAnyValue needs one, ForAllValues needs all.
 *
 * <p>An absent key (or one with no values) makes: IfExists true; ForAllValues true and ForAnyValue
 * false (IAM's set semantics: every one of no values satisfies anything, none satisfies something);
 * otherwise a positive operator false and a negated one true.
 */
record KeyCondition(String lowerCaseKey, ConditionOperator operator, SetQualifier qualifier, boolean ifExists,
                    List<Predicate<String>> policyValues) implements Condition {

    KeyCondition {
        policyValues = List.copyOf(policyValues);
    }

    @Override
    public boolean isSatisfiedBy(ConditionContext context) {
        List<String> actual = context.values(lowerCaseKey).orElse(List.of());
        if (actual.isEmpty()) {
            if (ifExists) {
                return true;
            }
            return switch (qualifier) {
                case FOR_ALL_VALUES -> true;
                case FOR_ANY_VALUE -> false;
                case NONE -> operator.negated();
            };
        }
        boolean requireAll = switch (qualifier) {
            case FOR_ALL_VALUES -> true;
            case FOR_ANY_VALUE -> false;
            case NONE -> operator.negated();
        };
        return requireAll ? actual.stream().allMatch(this::satisfiedByOne) : actual.stream().anyMatch(this::satisfiedByOne);
    }

    private boolean satisfiedByOne(String actualValue) {
        boolean matched = policyValues.stream().anyMatch(expected -> expected.test(actualValue));
        return matched != operator.negated();
    }
}
