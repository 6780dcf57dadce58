package io.permafrost.glacier;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** The date formats Glacier JSON carries (spec 3.6): millisecond ISO for most, seconds for inventories. */
public final class GlacierDates {
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private GlacierDates() {
    }

    public static String millis(Instant instant) {
        return instant == null ? null : MILLIS.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    public static String seconds(Instant instant) {
        return instant == null ? null : SECONDS.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Lenient ISO 8601 parse (with or without fraction, Z or offset); null when it is not a date. */
    public static Instant parseOrNull(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
