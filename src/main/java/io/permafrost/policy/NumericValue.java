package io.permafrost.policy;

import java.math.BigDecimal;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * Numbers for the Numeric* operators. Policies carry them as JSON numbers or numeric strings
 * ({@code 365} and {@code "365"} both occur), so both arrive here as text; BigDecimal keeps
 * comparisons exact for integers of any size and for decimals.
 */
final class NumericValue {
    private NumericValue() {
    }

    /**
     * @param outcome decides from {@code contextValue.compareTo(policyValue)}
     * @throws IllegalArgumentException if the policy value is not a number
     */
    static Predicate<String> matcher(String policyValue, IntPredicate outcome) {
        BigDecimal expected = parse(policyValue);
        if (expected == null) {
            throw new IllegalArgumentException("is not a number");
        }
        return contextValue -> {
            BigDecimal actual = parse(contextValue);
            // A context value that is not a number equals nothing and orders against nothing.
            return actual != null && outcome.test(actual.compareTo(expected));
        };
    }

    private static BigDecimal parse(String text) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
