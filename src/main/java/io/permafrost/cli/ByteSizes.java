package io.permafrost.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses byte sizes as people write them in flags: {@code 1048576}, {@code 64MiB}, {@code 10GiB}, {@code 1TiB} (binary units). */
final class ByteSizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kib|mib|gib|tib)?");

    private ByteSizes() {
    }

    /** @param setting the flag the text came from, named in the error */
    static long parse(String setting, String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new StartupException(setting + ": not a size: '" + text + "' (use e.g. 1048576, 64MiB, 10GiB)");
        }
        int shift = switch (m.group(2) == null ? "b" : m.group(2)) {
            case "kib" -> 10;
            case "mib" -> 20;
            case "gib" -> 30;
            case "tib" -> 40;
            default -> 0;
        };
        try {
            long n = Long.parseLong(m.group(1));
            if (n > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new StartupException(setting + ": too large: '" + text + "'");
        }
    }
}
