package io.permafrost.vault;

import io.permafrost.glacier.GlacierException;

/** Archive and job description rules (spec 8.1): at most 1,024 characters, each 0x20-0x7E. */
final class Descriptions {
    static final int MAX_LENGTH = 1024;

    private Descriptions() {
    }

    static String requireValid(String description, String what) {
        if (description == null) {
            return null;
        }
        if (description.length() > MAX_LENGTH) {
            throw GlacierException.invalidParameter("Invalid " + what + ": longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < description.length(); i++) {
            char ch = description.charAt(i);
            if (ch < 0x20 || ch > 0x7E) {
                throw GlacierException.invalidParameter("Invalid " + what + ": character at position " + i
                        + " is not printable ASCII (0x20-0x7E)");
            }
        }
        return description;
    }
}
