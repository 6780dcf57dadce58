package io.permafrost.auth;

import java.util.List;
import java.util.Optional;

/**
 * The canonical headers block (spec 5.3): one {@code name:value\n} line per signed header, values
 * trimmed with inner whitespace runs collapsed, repeated headers joined with ','.
 */
final class CanonicalHeaders {
    private CanonicalHeaders() {
    }

    /** Empty when a signed header is missing from the request: such a request cannot verify. */
    static Optional<String> of(SignedRequest request, List<String> signedHeaders) {
        StringBuilder block = new StringBuilder();
        for (String name : signedHeaders) {
            List<String> values = request.header(name);
            if (values.isEmpty()) {
                return Optional.empty();
            }
            block.append(name).append(':');
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    block.append(',');
                }
                block.append(collapseWhitespace(values.get(i)));
            }
            block.append('\n');
        }
        return Optional.of(block.toString());
    }

    /** Trims and turns every inner whitespace run into one space, as botocore and the Java SDK do. */
    static String collapseWhitespace(String value) {
        StringBuilder out = new StringBuilder(value.length());
        boolean pendingSpace = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isWhitespace(c)) {
                pendingSpace = out.length() > 0;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }
}
