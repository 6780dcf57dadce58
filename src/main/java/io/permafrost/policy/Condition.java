package io.permafrost.policy;

/** One operator applied to one condition key; a statement applies only if all of its conditions hold. */
sealed interface Condition permits KeyCondition, NullCondition {

    boolean isSatisfiedBy(ConditionContext context);
}
