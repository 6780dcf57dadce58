package io.permafrost.vault;

import io.permafrost.glacier.GlacierException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of a job's output a GetJobOutput request asks for (spec 10.4), inclusive and relative to
 * the output. A malformed {@code Range} is ignored (whole output, 200), as the real service does; a
 * start beyond the output is an error; an end beyond it is clamped.
 */
public record JobOutputRange(long first, long last, boolean partial) {
    private static final Pattern BYTES = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

    public long length() {
        return last - first + 1;
    }

    public static JobOutputRange of(String header, long total) {
        JobOutputRange whole = new JobOutputRange(0, total - 1, false);
        if (header == null) {
            return whole;
        }
        Matcher m = BYTES.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return whole;
        }
        if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2));
            if (suffix == 0) {
                return whole;
            }
            return new JobOutputRange(Math.max(0, total - suffix), total - 1, true);
        }
        long first = Long.parseLong(m.group(1));
        long last = m.group(2).isEmpty() ? total - 1 : Long.parseLong(m.group(2));
        if (last < first) {
            return whole;
        }
        if (first >= total) {
            throw GlacierException.invalidParameter(
                    "The start of the range is larger than size of retrieved data: " + header);
        }
        return new JobOutputRange(first, Math.min(last, total - 1), true);
    }
}
