package io.permafrost.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Instants for the Date* operators: ISO 8601 (with offset or Z, or without one meaning UTC, or a
 * bare date meaning its UTC midnight) or epoch seconds, on the policy side and on the request side
 * alike ({@code aws:CurrentTime} is ISO, {@code aws:EpochTime} is epoch seconds).
 */
final class DateValue {
    private static final Pattern EPOCH_SECONDS = Pattern.compile("-?\\d+(\\.\\d+)?");

    private DateValue() {
    }

    /**
     * @param outcome decides from {@code contextInstant.compareTo(policyInstant)}
     * @throws IllegalArgumentException if the policy value is not a date
     */
    static Predicate<String> matcher(String policyValue, IntPredicate outcome) {
        Instant expected = parse(policyValue);
        if (expected == null) {
            throw new IllegalArgumentException("is not an ISO 8601 date-time or epoch seconds");
        }
        return contextValue -> {
            Instant actual = parse(contextValue);
            return actual != null && outcome.test(actual.compareTo(expected));
        };
    }

    /** The instant, or null when the text is none of the accepted forms. */
    static Instant parse(String text) {
        String trimmed = text.trim();
        try {
            if (EPOCH_SECONDS.matcher(trimmed).matches()) {
                BigDecimal seconds = new BigDecimal(trimmed);
                BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
                long nanos = seconds.subtract(whole).movePointRight(9).longValue();
                return Instant.ofEpochSecond(whole.longValueExact(), nanos);
            }
            if (trimmed.length() == 10) {
                return LocalDate.parse(trimmed, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            if (hasOffset(trimmed)) {
                return OffsetDateTime.parse(trimmed, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            }
            return LocalDateTime.parse(trimmed, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }

    /** An ISO date-time names its offset with Z or a sign after the time part. */
    private static boolean hasOffset(String text) {
        int time = text.indexOf('T');
        if (time < 0) {
            time = text.indexOf('t');
        }
        if (time < 0) {
            return false;
        }
        String afterDate = text.substring(time);
        return afterDate.endsWith("Z") || afterDate.endsWith("z") || afterDate.contains("+") || afterDate.contains("-");
    }
}
