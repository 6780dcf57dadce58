package io.permafrost.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The base condition operators of spec 15.5, without IfExists or a set qualifier. Each compiles a
 * policy value, once at parse time, into a test of one request value in the operator's positive
 * form; the negated operators reuse the positive test and are marked {@code negated}, because
 * "true only if no value matches" is decided by {@link KeyCondition}, not per value.
 */
enum ConditionOperator {
    STRING_EQUALS("StringEquals", false, expected -> expected::equals),
    STRING_NOT_EQUALS("StringNotEquals", true, expected -> expected::equals),
    STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", false, ConditionOperator::equalsIgnoringCase),
    STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", true, ConditionOperator::equalsIgnoringCase),
    STRING_LIKE("StringLike", false, pattern -> actual -> Wildcard.matches(pattern, actual)),
    STRING_NOT_LIKE("StringNotLike", true, pattern -> actual -> Wildcard.matches(pattern, actual)),

    NUMERIC_EQUALS("NumericEquals", false, expected -> NumericValue.matcher(expected, c -> c == 0)),
    NUMERIC_NOT_EQUALS("NumericNotEquals", true, expected -> NumericValue.matcher(expected, c -> c == 0)),
    NUMERIC_LESS_THAN("NumericLessThan", false, expected -> NumericValue.matcher(expected, c -> c < 0)),
    NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", false, expected -> NumericValue.matcher(expected, c -> c <= 0)),
    NUMERIC_GREATER_THAN("NumericGreaterThan", false, expected -> NumericValue.matcher(expected, c -> c > 0)),
    NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", false, expected -> NumericValue.matcher(expected, c -> c >= 0)),

    DATE_EQUALS("DateEquals", false, expected -> DateValue.matcher(expected, c -> c == 0)),
    DATE_NOT_EQUALS("DateNotEquals", true, expected -> DateValue.matcher(expected, c -> c == 0)),
    DATE_LESS_THAN("DateLessThan", false, expected -> DateValue.matcher(expected, c -> c < 0)),
    DATE_LESS_THAN_EQUALS("DateLessThanEquals", false, expected -> DateValue.matcher(expected, c -> c <= 0)),
    DATE_GREATER_THAN("DateGreaterThan", false, expected -> DateValue.matcher(expected, c -> c > 0)),
    DATE_GREATER_THAN_EQUALS("DateGreaterThanEquals", false, expected -> DateValue.matcher(expected, c -> c >= 0)),

    BOOL("Bool", false, BooleanText::matcher),
    BINARY_EQUALS("BinaryEquals", false, BinaryValue::matcher),
    IP_ADDRESS("IpAddress", false, IpRange::matcher),
    NOT_IP_ADDRESS("NotIpAddress", true, IpRange::matcher),

    // IAM documents ArnEquals and ArnLike as the same test: both honour wildcards segment by segment.
    ARN_EQUALS("ArnEquals", false, ConditionOperator::arnMatcher),
    ARN_LIKE("ArnLike", false, ConditionOperator::arnMatcher),
    ARN_NOT_EQUALS("ArnNotEquals", true, ConditionOperator::arnMatcher),
    ARN_NOT_LIKE("ArnNotLike", true, ConditionOperator::arnMatcher),

    /** Tests presence of the key, not its values; handled by {@link NullCondition}. */
    NULL("Null", false, BooleanText::matcher);

    private final String policyName;
    private final boolean negated;
    private final Function<String, Predicate<String>> compiler;

    ConditionOperator(String policyName, boolean negated, Function<String, Predicate<String>> compiler) {
        this.policyName = policyName;
        this.negated = negated;
        this.compiler = compiler;
    }

    /** Exact, case-sensitive lookup, as IAM treats operator names. */
    static Optional<ConditionOperator> named(String name) {
        return Arrays.stream(values()).filter(op -> op.policyName.equals(name)).findFirst();
    }

    String policyName() {
        return policyName;
    }

    boolean negated() {
        return negated;
    }

    /**
     * @throws IllegalArgumentException with the reason (e.g. "is not a number") if the policy value
     *         is unusable for this operator
     */
    Predicate<String> compile(String policyValue) {
        return compiler.apply(policyValue);
    }

    private static Predicate<String> equalsIgnoringCase(String expected) {
        String lower = expected.toLowerCase(Locale.ROOT);
        return actual -> actual.toLowerCase(Locale.ROOT).equals(lower);
    }

    private static Predicate<String> arnMatcher(String pattern) {
        return ArnPattern.parse(pattern)::matches;
    }
}
