package io.permafrost.policy;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A statement's Action or NotAction: patterns over {@code service:Operation} names, matched
 * case-insensitively because IAM treats action names that way ({@code glacier:deletearchive} is the
 * same action as {@code glacier:DeleteArchive}).
 */
final class ActionClause {
    /** A service prefix without wildcards, then an operation pattern that may use them. */
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9-]+:[A-Za-z0-9*?]+");

    private final boolean negated;
    private final List<String> lowerCasePatterns;

    private ActionClause(boolean negated, List<String> lowerCasePatterns) {
        this.negated = negated;
        this.lowerCasePatterns = List.copyOf(lowerCasePatterns);
    }

    static ActionClause everything() {
        return new ActionClause(false, List.of("*"));
    }

    /**
     * @param negated true for NotAction
     * @throws IllegalArgumentException naming the first entry that is neither "*" nor service:pattern
     */
    static ActionClause of(boolean negated, List<String> patterns) {
        for (String pattern : patterns) {
            if (!pattern.equals("*") && !SHAPE.matcher(pattern).matches()) {
                throw new IllegalArgumentException("entry \"" + pattern + "\" is not \"*\" or service:action (e.g. glacier:DeleteArchive)");
            }
        }
        return new ActionClause(negated, patterns.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList());
    }

    boolean matches(String action) {
        String lower = action.toLowerCase(Locale.ROOT);
        boolean listed = lowerCasePatterns.stream().anyMatch(pattern -> Wildcard.matches(pattern, lower));
        return listed != negated;
    }
}
