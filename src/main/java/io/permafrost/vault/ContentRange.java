package io.permafrost.vault;

import io.permafrost.glacier.GlacierException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A part's {@code Content-Range: bytes FIRST-LAST/*} (spec 9.2); a numeric total after '/' is accepted and ignored. */
record ContentRange(long first, long last) {
    private static final Pattern FORM = Pattern.compile("bytes (\\d{1,19})-(\\d{1,19})/(\\*|\\d{1,19})");

    static ContentRange parse(String header) {
        if (header == null) {
            throw GlacierException.missingParameter("Content-Range");
        }
        Matcher m = FORM.matcher(header.trim());
        if (!m.matches()) {
            throw invalid(header);
        }
        try {
            long first = Long.parseLong(m.group(1));
            long last = Long.parseLong(m.group(2));
            if (first > last) {
                throw invalid(header);
            }
            return new ContentRange(first, last);
        } catch (NumberFormatException e) {
            throw invalid(header);
        }
    }

    static GlacierException invalid(String header) {
        return GlacierException.invalidParameter("Invalid Content-Range: " + header);
    }

    long length() {
        return last - first + 1;
    }
}
