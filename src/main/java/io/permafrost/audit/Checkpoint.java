package io.permafrost.audit;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;

/**
 * A signed statement "the chain up to record {@code seq} ends in {@code hash}", by the key {@code keyId}.
 *
 * @param signature Base64 of the Ed25519 signature of {@link #signedBytes()}
 */
public record Checkpoint(long seq, String hash, Instant time, String keyId, String signature) {

    /** The chain's newest record as something names it. */
    public record Head(long seq, String hash) {
    }

    public static Checkpoint sign(Head head, Instant time, SigningKey key) {
        byte[] signed = signedBytes(head.seq(), head.hash(), time);
        return new Checkpoint(head.seq(), head.hash(), time, key.keyId(), Base64.getEncoder().encodeToString(key.sign(signed)));
    }

    /** What is signed: {@code permafrost-audit-checkpoint\n<seq>\n<hash>\n<time>} in UTF-8. */
    public byte[] signedBytes() {
        return signedBytes(seq, hash, time);
    }

    private static byte[] signedBytes(long seq, String hash, Instant time) {
        return ("permafrost-audit-checkpoint\n" + seq + "\n" + hash + "\n" + time).getBytes(StandardCharsets.UTF_8);
    }

    /** Whether the signature is this checkpoint's, by the key in {@code publicKeyPem}. */
    public boolean signedBy(String publicKeyPem) {
        try {
            return SigningKey.verify(publicKeyPem, signedBytes(), Base64.getDecoder().decode(signature));
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    static Checkpoint read(ResultSet rs) throws SQLException {
        return new Checkpoint(rs.getLong("seq"), rs.getString("hash"), Instant.parse(rs.getString("time")),
                rs.getString("key_id"), rs.getString("signature"));
    }
}
