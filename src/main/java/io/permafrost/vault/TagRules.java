package io.permafrost.vault;

import io.permafrost.glacier.GlacierException;

/**
 * Tag key and value rules (spec 16): keys 1-128, values 0-255 characters of Unicode letters, digits,
 * space and {@code _ . / = + - @}; keys may not start with {@code aws:}.
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

    private static boolean allowed(String text) {
        return text.codePoints().allMatch(cp -> Character.isLetterOrDigit(cp) || cp == ' '
                || "_./=+-@".indexOf(cp) >= 0);
    }
}
