package io.permafrost.evidence;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * Reads values off a streaming parser and checks their type and form, recording what is wrong under the
 * path of the value ({@code archives[3].treeHash}) instead of stopping at the first problem.
 */
final class BundleReader {
    /** Reads one member's value; the parser is on its first token, and is left on its last. */
    interface Member {
        void read(String where) throws IOException;
    }

    private final JsonParser parser;
    private final Problems problems;

    BundleReader(JsonParser parser, Problems problems) {
        this.parser = parser;
        this.problems = problems;
    }

    Problems problems() {
        return problems;
    }

    /** Whether the value is null (a legal value for {@code where}). */
    boolean isNull() {
        return parser.currentToken() == JsonToken.VALUE_NULL;
    }

    /** An object of exactly these members (each required), read in any order. */
    void object(String where, Map<String, Member> members) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            wrong(where, "an object");
            return;
        }
        Set<String> seen = new HashSet<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            Member member = members.get(name);
            if (member == null) {
                problems.add(where + ": unexpected member \"" + name + "\"");
                parser.skipChildren();
            } else if (!seen.add(name)) {
                problems.add(where + "." + name + " appears twice");
                parser.skipChildren();
            } else {
                member.read(where + "." + name);
            }
        }
        for (String name : members.keySet()) {
            if (!seen.contains(name)) {
                problems.add(where + "." + name + " is missing");
            }
        }
    }

    /** An array whose every element is read by {@code element}; returns how many there were. */
    long array(String where, Member element) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            wrong(where, "an array");
            return 0;
        }
        long count = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            element.read(where + "[" + count + "]");
            count++;
        }
        return count;
    }

    /** The string, or null when it is null (allowed only when {@code nullable}) or not a string. */
    String text(String where, boolean nullable) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        if (!(nullable && isNull())) {
            wrong(where, nullable ? "a string or null" : "a string");
        }
        return null;
    }

    /** A string that must be one of {@code allowed}. */
    String oneOf(String where, Set<String> allowed) throws IOException {
        String value = text(where, false);
        if (value != null && !allowed.contains(value)) {
            problems.add(where + " is \"" + value + "\", expected one of " + allowed);
        }
        return value;
    }

    /** A whole number of at least 0; -1 when it is not one. */
    long count(String where) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                && parser.getLongValue() >= 0) {
            return parser.getLongValue();
        }
        wrong(where, "a whole number of at least 0");
        parser.skipChildren();
        return -1;
    }

    Instant instant(String where, boolean nullable) throws IOException {
        String value = text(where, nullable);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            problems.add(where + " is \"" + value + "\", not an ISO-8601 UTC time");
            return null;
        }
    }

    /** A SHA-256 in lowercase hex (a tree hash, a digest). */
    String sha256Hex(String where, boolean nullable) throws IOException {
        String value = text(where, nullable);
        if (value != null && !(value.length() == 64 && value.chars().allMatch(c -> HexFormat.isHexDigit(c)
                && !Character.isUpperCase(c)))) {
            problems.add(where + " is \"" + value + "\", not 64 lowercase hex digits");
            return null;
        }
        return value;
    }

    /** Skips the value the parser is on (with everything inside it). */
    void skipValue() throws IOException {
        parser.skipChildren();
    }

    private void wrong(String where, String expected) throws IOException {
        JsonToken token = parser.currentToken();
        problems.add(where + " should be " + expected + ", found " + (token == null ? "the end of the file"
                : token.asString() != null ? token.asString() : token.name().toLowerCase(java.util.Locale.ROOT)));
        parser.skipChildren();
    }
}
