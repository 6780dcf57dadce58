package io.permafrost.http.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable 256-bit tokens (session ids, CSRF tokens) and their comparison in constant time. */
final class SessionTokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private SessionTokens() {
    }

    static String fresh() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether a presented token equals the expected one, without leaking where they differ through timing. */
    static boolean same(String expected, String presented) {
        if (expected == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
