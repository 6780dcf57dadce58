package io.permafrost.policy;

import java.util.Arrays;
import java.util.Base64;
import java.util.function.Predicate;

/** BinaryEquals: both sides are base64 text and are compared as the bytes they encode. */
final class BinaryValue {
    private BinaryValue() {
    }

    /** @throws IllegalArgumentException if the policy value is not base64 */
    static Predicate<String> matcher(String policyValue) {
        byte[] expected = decode(policyValue);
        if (expected == null) {
            throw new IllegalArgumentException("is not base64");
        }
        return contextValue -> Arrays.equals(expected, decode(contextValue));
    }

    private static byte[] decode(String text) {
        try {
            return Base64.getDecoder().decode(text.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
