package io.permafrost.policy;

import java.util.OptionalLong;

/**
 * The retention a policy guarantees every archive of a vault: the number of days N for which any
 * caller's DeleteArchive is denied, derived only from the shape Vault Lock compliance policies use,
 *
 * <pre>{"Effect": "Deny", "Principal": "*", "Action": "glacier:DeleteArchive",
 *  "Condition": {"NumericLessThan": {"glacier:ArchiveAgeInDays": "N"}}}</pre>
 *
 * (NumericLessThanEquals too). A statement with any other condition, or that leaves some caller out,
 * guarantees nothing on its own and derives nothing: the result may only ever be less than what the
 * policy enforces, never more, since the object store will hold the bytes that long whatever the
 * policy later allows. N is read by asking the statement's own condition about each age, so it is
 * exactly what the evaluator enforces.
 */
public final class ArchiveRetention {
    private static final String DELETE_ARCHIVE = "glacier:DeleteArchive";
    private static final String AGE_KEY = ConditionContext.normalise("glacier:ArchiveAgeInDays");
    /** A bound on what is derived (a century); a larger N still retains for this long. */
    static final long MAX_DAYS = 36_525;

    private ArchiveRetention() {
    }

    /** The days every archive of {@code vaultArn} is kept from deletion; empty when none can be derived. */
    public static OptionalLong days(Policy policy, String vaultArn) {
        long best = 0;
        for (Statement statement : policy.statements()) {
            best = Math.max(best, daysOf(statement, vaultArn));
        }
        return best > 0 ? OptionalLong.of(best) : OptionalLong.empty();
    }

    private static long daysOf(Statement statement, String vaultArn) {
        if (statement.effect() != Effect.DENY || statement.principal() == null
                || !statement.principal().coversEveryone() || !statement.action().matches(DELETE_ARCHIVE)
                || !statement.resource().matches(vaultArn) || statement.conditions().size() != 1
                || !(statement.conditions().get(0) instanceof KeyCondition age) || !age.lowerCaseKey().equals(AGE_KEY)
                || !(age.operator() == ConditionOperator.NUMERIC_LESS_THAN
                    || age.operator() == ConditionOperator.NUMERIC_LESS_THAN_EQUALS)) {
            return 0;
        }
        // Less-than conditions hold for every age below some bound and for none from it on: the
        // first age they do not hold for is N.
        if (!deniesAt(age, 0)) {
            return 0;
        }
        if (deniesAt(age, MAX_DAYS)) {
            return MAX_DAYS;
        }
        long denied = 0;
        long allowed = MAX_DAYS;
        while (allowed - denied > 1) {
            long middle = (denied + allowed) >>> 1;
            if (deniesAt(age, middle)) {
                denied = middle;
            } else {
                allowed = middle;
            }
        }
        return allowed;
    }

    private static boolean deniesAt(KeyCondition age, long days) {
        return age.isSatisfiedBy(ConditionContext.builder().put(AGE_KEY, Long.toString(days)).build());
    }
}
