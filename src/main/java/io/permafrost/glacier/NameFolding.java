package io.permafrost.glacier;

import java.util.Locale;

/**
 * The one way names that IAM matches ignoring letter case are compared: condition key names, and so
 * the tag keys they embed ({@code glacier:ResourceTag/KEY}). The policy engine and the tag store both
 * fold with it, so two tag keys are "the same key" to the store exactly when a policy cannot tell them
 * apart. {@link Locale#ROOT}, so the answer never depends on the server's locale.
 */
public final class NameFolding {
    private NameFolding() {
    }

    public static String fold(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    public static boolean sameName(String a, String b) {
        return fold(a).equals(fold(b));
    }
}
