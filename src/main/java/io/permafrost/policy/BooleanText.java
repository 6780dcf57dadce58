package io.permafrost.policy;

import java.util.function.Predicate;

/** "true"/"false" in any letter case, as Bool and Null values (JSON booleans arrive as that text too). */
final class BooleanText {
    private BooleanText() {
    }

    /** @throws IllegalArgumentException if the text is neither true nor false */
    static boolean parse(String text) {
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("is not true or false");
    }

    /** The Bool operator: a context value that is not a boolean matches neither true nor false. */
    static Predicate<String> matcher(String policyValue) {
        boolean expected = parse(policyValue);
        return contextValue -> contextValue.trim().equalsIgnoreCase(Boolean.toString(expected));
    }
}
