package io.permafrost.policy;

/**
 * Glob matching as the policy language uses it: {@code *} matches any run of characters (also
 * none), {@code ?} exactly one; everything else literally. Deliberately not a regex: patterns come
 * from users, and a backtracking regex engine could be made to run for a very long time.
 */
final class Wildcard {
    private Wildcard() {
    }

    /** Case-sensitive; callers that need case-insensitivity lower-case both sides first. */
    static boolean matches(String pattern, String text) {
        int p = 0;
        int t = 0;
        int starAt = -1;
        int textAtStar = -1;
        while (t < text.length()) {
            // The star test comes first: a '*' in the pattern is always a wildcard, even facing a '*' in the text.
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                starAt = p++;
                textAtStar = t;
            } else if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (starAt >= 0) {
                // Let the last star swallow one more character and retry from just after it; earlier
                // stars never need revisiting, which keeps this linear in practice.
                p = starAt + 1;
                t = ++textAtStar;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
