package io.permafrost.audit;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** The canonical form and hash exactly as docs/audit.md defines them, so that an auditor's verifier agrees. */
class AuditRecordTest {
    private static final AuditEvent EVENT = new AuditEvent("req-1", "arn:aws:iam::111122223333:root", "111122223333",
            "DeleteArchive", "my vault", "abc", "Deny", "vault lock policy (Locked) Sid \"keep\"", "127.0.0.1",
            "agent\twith\ncontrol\u0001chars\\", "AccessDeniedException");

    @Test
    void theCanonicalFormIsFixedJsonWithMinimalEscapes() {
        AuditRecord record = AuditRecord.chained(7, Instant.parse("2026-12-02T00:10:02.5Z"), EVENT, AuditRecord.GENESIS);

        assertThat(record.canonical()).isEqualTo("{\"seq\":7,\"time\":\"2026-12-02T00:10:02.500Z\",\"request_id\":\"req-1\","
                + "\"principal\":\"arn:aws:iam::111122223333:root\",\"account_id\":\"111122223333\","
                + "\"operation\":\"DeleteArchive\",\"vault\":\"my vault\",\"subject_id\":\"abc\",\"decision\":\"Deny\","
                + "\"statement\":\"vault lock policy (Locked) Sid \\\"keep\\\"\",\"source_ip\":\"127.0.0.1\","
                + "\"user_agent\":\"agent\\u0009with\\u000acontrol\\u0001chars\\\\\",\"result\":\"AccessDeniedException\"}");
    }

    @Test
    void absentValuesAreNull() {
        AuditEvent sparse = new AuditEvent(null, "p", null, "CreateVault", null, null, "Allow", null, null, null, "OK");
        AuditRecord record = AuditRecord.chained(1, Instant.parse("2026-01-01T00:00:00Z"), sparse, AuditRecord.GENESIS);

        assertThat(record.canonical()).contains("\"request_id\":null,").contains("\"vault\":null,");
    }

    @Test
    void theHashCoversThePreviousHashAndTheCanonicalForm() throws Exception {
        AuditRecord record = AuditRecord.chained(7, Instant.parse("2026-12-02T00:10:02.5Z"), EVENT, AuditRecord.GENESIS);

        byte[] input = (AuditRecord.GENESIS + "\n" + record.canonical()).getBytes(StandardCharsets.UTF_8);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input));
        assertThat(record.hash()).isEqualTo(expected);
        assertThat(record.hashMatchesContent()).isTrue();
    }

    @Test
    void anyChangedFieldChangesTheHash() {
        AuditRecord record = AuditRecord.chained(7, Instant.parse("2026-12-02T00:10:02Z"), EVENT, AuditRecord.GENESIS);
        AuditEvent edited = new AuditEvent("req-1", "arn:aws:iam::111122223333:root", "111122223333", "DeleteArchive",
                "my vault", "abc", "Allow", EVENT.statement(), "127.0.0.1", EVENT.userAgent(), EVENT.result());

        assertThat(new AuditRecord(7, record.time(), edited, record.prevHash(), record.hash()).hashMatchesContent()).isFalse();
        assertThat(new AuditRecord(8, record.time(), EVENT, record.prevHash(), record.hash()).hashMatchesContent()).isFalse();
        assertThat(new AuditRecord(7, record.time(), EVENT, "1".repeat(64), record.hash()).hashMatchesContent()).isFalse();
    }
}
