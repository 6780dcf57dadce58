package io.permafrost.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The payload hash of SigV4: lower-case hex SHA-256 of the request body. */
public final class PayloadHash {
    /** SHA-256 of zero bytes, the payload hash of every request without a body. */
    public static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /** The literal a client sends in {@code x-amz-content-sha256} to leave the body unsigned. */
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    private static final HexFormat HEX = HexFormat.of();

    private PayloadHash() {
    }

    public static String of(byte[] body) {
        return of(body, 0, body.length);
    }

    public static String of(byte[] body, int offset, int length) {
        MessageDigest digest = sha256();
        digest.update(body, offset, length);
        return HEX.formatHex(digest.digest());
    }

    /** Lower-case hex of a finished digest, for callers that hash a streamed body themselves. */
    public static String hex(byte[] digest) {
        return HEX.formatHex(digest);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }
}
