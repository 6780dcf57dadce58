package io.permafrost.audit;

/**
 * A JSON object written one way only, so that the same record always gives the same bytes: members in
 * the order added, no white space, {@code "} and {@code \} escaped with a backslash, every other
 * character below U+0020 as a backslash, {@code u00} and two lower-case hex digits, everything else as it is (UTF-8).
 */
final class CanonicalJson {
    private final StringBuilder out = new StringBuilder(256).append('{');

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

    String end() {
        return out + "}";
    }

    private StringBuilder name(String name) {
        if (out.length() > 1) {
            out.append(',');
        }
        return out.append('"').append(name).append("\":");
    }
}
