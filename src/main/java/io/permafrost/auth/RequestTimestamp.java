package io.permafrost.auth;

import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The signing time of a request (spec 5.2): {@code x-amz-date}, else {@code Date} when the latter is
 * in ISO 8601 basic form. {@code text} is the value exactly as sent because it enters the string to sign.
 */
record RequestTimestamp(String text, Instant instant) {
    static final DateTimeFormatter ISO_BASIC =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern ISO_BASIC_SHAPE = Pattern.compile("\\d{8}T\\d{6}Z");

    static RequestTimestamp of(SignedRequest request, String authorization) {
        Optional<String> amzDate = request.firstHeader("x-amz-date");
        if (amzDate.isPresent()) {
            String text = amzDate.get().strip();
            return parse(text).orElseThrow(() -> new GlacierException(ErrorCode.INCOMPLETE_SIGNATURE,
                    "Date must be in ISO-8601 'basic format'. Got '" + text
                            + "'. See http://en.wikipedia.org/wiki/ISO_8601"));
        }
        // An RFC 1123 Date cannot be signed with (the string to sign needs the basic form), so such a
        // request counts as having no usable date at all.
        return request.firstHeader("Date").map(String::strip).flatMap(RequestTimestamp::parse)
                .orElseThrow(() -> new GlacierException(ErrorCode.INCOMPLETE_SIGNATURE,
                        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
                                + "Authorization=" + authorization));
    }

    /** {@code yyyymmdd}, what the credential scope's date must equal. */
    String date() {
        return text.substring(0, 8);
    }

    static String format(Instant instant) {
        return ISO_BASIC.format(instant.atOffset(ZoneOffset.UTC));
    }

    private static Optional<RequestTimestamp> parse(String text) {
        if (!ISO_BASIC_SHAPE.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            Instant instant = LocalDateTime.parse(text, ISO_BASIC).toInstant(ZoneOffset.UTC);
            return Optional.of(new RequestTimestamp(text, instant));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
