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

    /** The record that follows {@code prevHash} as {@code seq}, hashed. */
    public static AuditRecord chained(long seq, Instant time, AuditEvent event, String prevHash) {
        AuditRecord unhashed = new AuditRecord(seq, time, event, prevHash, null);
        return new AuditRecord(seq, time, event, prevHash, hashOf(prevHash, unhashed.canonical()));
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
        return new CanonicalJson()
                .number("seq", seq)
                .string("time", time.toString())
                .string("request_id", event.requestId())
                .string("principal", event.principal())
                .string("account_id", event.accountId())
                .string("operation", event.operation())
                .string("vault", event.vault())
                .string("subject_id", event.subjectId())
                .string("decision", event.decision())
                .string("statement", event.statement())
                .string("source_ip", event.sourceIp())
                .string("user_agent", event.userAgent())
                .string("result", event.result());
    }

    static String hashOf(String prevHash, String canonical) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((prevHash + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
