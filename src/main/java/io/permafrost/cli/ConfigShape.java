package io.permafrost.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses config file values of the wrong shape, which Jackson would otherwise read as something
 * else without a word: a member that nothing reads (a misspelt {@code "lockExpirey"} would be
 * ignored and the server would run with a setting the operator did not choose), a number that is
 * not one ({@code asInt()} makes {@code "port": "http"} port 0, a free one). Each section names the
 * members it reads.
 */
final class ConfigShape {
    private ConfigShape() {
    }

    static void requireKnown(JsonNode node, String where, Set<String> known) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            throw new StartupException("config: " + where + " must be a JSON object, got " + node.getNodeType());
        }
        for (var members = node.fieldNames(); members.hasNext(); ) {
            String member = members.next();
            if (!known.contains(member)) {
                throw new StartupException("config: unknown member \"" + member + "\" in " + where
                        + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    /** {@code where.member} as a whole number within [{@code min}, {@code max}], or {@code fallback} when absent. */
    static long wholeNumber(JsonNode node, String where, String member, long min, long max, long fallback) {
        if (node == null || !node.hasNonNull(member)) {
            return fallback;
        }
        JsonNode value = node.get(member);
        // "8700" in quotes has always worked, so digits in a string still count.
        boolean whole = value.isIntegralNumber() && value.canConvertToLong()
                || value.isTextual() && value.textValue().matches("-?[0-9]{1,18}");
        long number = !whole ? 0 : value.isTextual() ? Long.parseLong(value.textValue()) : value.longValue();
        if (!whole || number < min || number > max) {
            throw new StartupException("config: " + where + member + " must be a whole number from " + min + " to "
                    + max + ", got " + value);
        }
        return number;
    }
}
