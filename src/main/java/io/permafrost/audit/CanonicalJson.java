package io.permafrost.audit;

/**
 * A JSON object written one way only, so that the same record always gives the same bytes: members in
 * the order added, no white space, {@code "} and {@code \} escaped with a backslash, every other
 * character below U+0020 as a backslash, {@code u00} and two lower-case hex digits, everything else as it is (UTF-8).
 */
final class CanonicalJson {
    // 512: a typical record is 400-500 characters; growing the buffer showed in the writer thread's profile.
    private final StringBuilder out = new StringBuilder(512).append('{');

    CanonicalJson number(String name, long value) {
        name(name).append(value);
        return this;
    }

    CanonicalJson string(String name, String value) {
        StringBuilder to = name(name);
        if (value == null) {
            to.append("null");
            return this;
        }
        to.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                to.append('\\').append(c);
            } else if (c < 0x20) {
                to.append(String.format("\\u%04x", (int) c));
            } else {
                to.append(c);
            }
        }
        to.append('"');
        return this;
    }

    /** Members written earlier by another instance ({@link #members}), appended as they are. */
    CanonicalJson members(String written) {
        if (out.length() > 1) {
            out.append(',');
        }
        out.append(written);
        return this;
    }

    String end() {
        return out.append('}').toString();
    }

    /** The members so far without the braces, for {@link #members(String)}. */
    String members() {
        return out.substring(1);
    }

    private StringBuilder name(String name) {
        if (out.length() > 1) {
            out.append(',');
        }
        return out.append('"').append(name).append("\":");
    }
}
