package io.permafrost.vault;

import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.NameFolding;

import java.util.HashMap;
import java.util.Map;

/**
 * Tag key and value rules (spec 16): keys 1-128, values 0-255 characters of Unicode letters, digits,
 * space and {@code _ . / = + - @}; keys may not start with {@code aws:}.
 *
 * <p>And one of our own: keys may not differ only in letter case, neither within a request nor from a
 * key the vault has. Tag keys are case-sensitive strings, but the condition keys that carry them
 * ({@code glacier:ResourceTag/KEY}) are matched ignoring case, so {@code legalhold} beside
 * {@code LegalHold} would be a second value for the same condition key: a tag that a policy cannot
 * tell from the other one and that could hide it.
 */
final class TagRules {
    private TagRules() {
    }

    static void requireValid(String key, String value) {
        if (key == null || key.isEmpty() || key.codePointCount(0, key.length()) > 128 || !allowed(key)) {
            throw GlacierException.invalidParameter("Invalid tag key: " + key);
        }
        if (key.regionMatches(true, 0, "aws:", 0, 4)) {
            throw GlacierException.invalidParameter("Invalid tag key: " + key + " (the aws: prefix is reserved)");
        }
        if (value == null || value.codePointCount(0, value.length()) > 255 || !allowed(value)) {
            throw GlacierException.invalidParameter("Invalid tag value for key " + key + ": " + value);
        }
    }

    /** Refuses a request whose keys include two that differ only in letter case. */
    static void requireDistinctIgnoringCase(Iterable<String> keys) {
        Map<String, String> byFolded = new HashMap<>();
        for (String key : keys) {
            String earlier = byFolded.putIfAbsent(NameFolding.fold(key), key);
            if (earlier != null) {
                throw caseConflict(key, "tag key " + earlier + " of the same request");
            }
        }
    }

    static GlacierException caseConflict(String key, String other) {
        return GlacierException.invalidParameter("Invalid tag key: " + key + " differs only in letter case from "
                + other + " (tag keys that differ only in case are one key to policy conditions)");
    }

    private static boolean allowed(String text) {
        return text.codePoints().allMatch(cp -> Character.isLetterOrDigit(cp) || cp == ' '
                || "_./=+-@".indexOf(cp) >= 0);
    }
}
