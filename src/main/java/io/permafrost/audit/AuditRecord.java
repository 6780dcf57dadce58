package io.permafrost.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One record of the chain. Its hash is SHA-256 over the previous record's hash (lower-case hex), a
 * newline, and the record's canonical form (docs/audit.md defines both, so that an auditor can check
 * the chain without this code).
 */
public record AuditRecord(long seq, Instant time, AuditEvent event, String prevHash, String hash) {
    /** The previous hash of record 1: there is none. */
    public static final String GENESIS = "0".repeat(64);

    private static final HexFormat HEX = HexFormat.of();

    /** One digest per thread (digest() resets it): looking the algorithm up per record showed in the writer's profile. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    });

    /** The record that follows {@code prevHash} as {@code seq}, hashed. */
    public static AuditRecord chained(long seq, Instant time, AuditEvent event, String prevHash) {
        return chained(seq, time, time.toString(), event, event.canonicalMembers(), prevHash);
    }

    /**
     * With the event's canonical members already built and the time already formatted: the appender writes
     * the same text into the time column, and {@link Instant#toString} twice per record showed in the writer
     * thread's profile.
     */
    static AuditRecord chained(long seq, Instant time, String timeText, AuditEvent event, String eventMembers,
            String prevHash) {
        String canonical = new CanonicalJson().number("seq", seq).string("time", timeText)
                .members(eventMembers).end();
        return new AuditRecord(seq, time, event, prevHash, hashOf(prevHash, canonical));
    }

    /** Whether the stored hash is the one its content and previous hash give. */
    public boolean hashMatchesContent() {
        return hashOf(prevHash, canonical()).equals(hash);
    }

    /**
     * The canonical form: a JSON object with exactly these members in this order, no white space, null for
     * an absent value, strings escaped as {@link CanonicalJson} says.
     */
    public String canonical() {
        return members().end();
    }

    /** One line of {@code audit export}: the canonical members, then {@code prev_hash} and {@code hash}. */
    public String exportLine() {
        return members().string("prev_hash", prevHash).string("hash", hash).end();
    }

    private CanonicalJson members() {
        return new CanonicalJson().number("seq", seq).string("time", time.toString()).members(event.canonicalMembers());
    }

    static String hashOf(String prevHash, String canonical) {
        MessageDigest sha256 = SHA256.get();
        sha256.reset();
        // A hash is lower-case hex, so its UTF-8 bytes are its chars: no concatenated copy per record.
        sha256.update(prevHash.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) '\n');
        return HEX.formatHex(sha256.digest(canonical.getBytes(StandardCharsets.UTF_8)));
    }
}
