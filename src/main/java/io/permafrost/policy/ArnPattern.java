package io.permafrost.policy;

import java.util.List;

/**
 * An ARN, possibly with {@code *}/{@code ?} wildcards, of the form
 * {@code arn:partition:service:region:account:resource}. Matching is segment by segment and
 * case-sensitive, so a wildcard in the region can never swallow the account id; the resource part
 * is everything after the fifth colon and may itself contain colons.
 */
final class ArnPattern {
    private static final int SEGMENTS = 6;

    private final String text;
    private final List<String> segments;

    private ArnPattern(String text, List<String> segments) {
        this.text = text;
        this.segments = segments;
    }

    /**
     * Parses a pattern; the literal "arn" prefix and non-empty partition, service and resource parts
     * are required (region and account are empty for global services such as IAM).
     *
     * @throws IllegalArgumentException if the text is not ARN-shaped
     */
    static ArnPattern parse(String text) {
        List<String> segments = split(text);
        if (segments == null || !segments.get(0).equals("arn") || segments.get(1).isEmpty()
                || segments.get(2).isEmpty() || segments.get(5).isEmpty()) {
            throw new IllegalArgumentException("is not an ARN of the form arn:partition:service:region:account:resource");
        }
        return new ArnPattern(text, segments);
    }

    boolean matches(String arn) {
        List<String> actual = split(arn);
        if (actual == null) {
            return false;
        }
        for (int i = 0; i < SEGMENTS; i++) {
            if (!Wildcard.matches(segments.get(i), actual.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The six segments, or null when there are fewer than six. */
    private static List<String> split(String arn) {
        String[] parts = arn.split(":", SEGMENTS);
        return parts.length == SEGMENTS ? List.of(parts) : null;
    }

    @Override
    public String toString() {
        return text;
    }
}
