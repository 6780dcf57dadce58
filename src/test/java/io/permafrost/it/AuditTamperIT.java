package io.permafrost.it;

import io.permafrost.audit.AuditRecord;
import io.permafrost.cli.Main;
import io.permafrost.glacier.TreeHash;
import io.permafrost.testing.EmbeddedOnly;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code permafrost audit verify} on a copy of a data directory catches single-record tampering and names
 * the record: an edited field, a deleted record, two records swapped, a tail cut off, a forged checkpoint
 * signature, and a chain rewritten with fresh hashes (which only the signed checkpoint can reveal).
 */
@EmbeddedOnly("tampers with the SQLite file of a copied data directory")
class AuditTamperIT {
    private static final String VAULT = "ledger";
    private TestServer server;
    private final List<Path> copies = new ArrayList<>();
    private long records;

    @BeforeEach
    void makeATrail() throws Exception {
        server = new TestServer();
        GlacierClient root = server.client();
        root.createVault(b -> b.accountId("-").vaultName(VAULT));
        root.createVault(b -> b.accountId("-").vaultName("other"));
        for (int i = 0; i < 4; i++) {
            byte[] data = ("entry " + i).getBytes(StandardCharsets.UTF_8);
            root.uploadArchive(b -> b.accountId("-").vaultName(VAULT).checksum(TreeHash.of(data)),
                    RequestBody.fromBytes(data));
        }
        server.checkpointAuditNow();
        // One more after the checkpoint: chained, not yet signed.
        root.addTagsToVault(b -> b.accountId("-").vaultName(VAULT).tags(java.util.Map.of("k", "v")));
        records = new AuditLog(server).all().size();
        assertThat(records).isEqualTo(7);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        for (Path copy : copies) {
            try (var paths = Files.walk(copy)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void anIntactTrailVerifies() throws Exception {
        Path copy = copy();
        assertThat(verify(copy)).isEqualTo(new Outcome(0, "intact: 7 record(s), 1 signed checkpoint(s); 1 record(s) "
                + "after the last checkpoint are chained but not yet signed"));
    }

    @Test
    void anEditedFieldIsNamed() throws Exception {
        Path copy = tampered("UPDATE audit_record SET principal = 'arn:aws:iam::111122223333:user/someone-else' "
                + "WHERE seq = 3");
        assertThat(verify(copy)).isEqualTo(new Outcome(1, "BROKEN: record 3: its content does not match its hash (edited)"));
    }

    @Test
    void aDeletedRecordIsNamed() throws Exception {
        Path copy = tampered("DELETE FROM audit_record WHERE seq = 4");
        assertThat(verify(copy)).isEqualTo(new Outcome(1, "BROKEN: record 4 is missing: the chain goes from 3 to 5"));
    }

    @Test
    void twoSwappedRecordsAreNamed() throws Exception {
        Path copy = tampered("UPDATE audit_record SET seq = -1 WHERE seq = 3",
                "UPDATE audit_record SET seq = 3 WHERE seq = 4",
                "UPDATE audit_record SET seq = 4 WHERE seq = -1");
        assertThat(verify(copy)).isEqualTo(new Outcome(1,
                "BROKEN: record 3: prev_hash is not the hash of record 2 (a record was removed, reordered or rewritten here)"));
    }

    @Test
    void aTailCutOffBeforeTheSignedHeadIsNamedEvenWithItsCheckpointsGone() throws Exception {
        // Records 5 and 6 are signed (the checkpoint covers 1..6); the head file outside the database still
        // knows of them when their checkpoint row goes too.
        Path copy = tampered("DELETE FROM audit_record WHERE seq >= 5", "DELETE FROM audit_checkpoint");
        assertThat(verify(copy)).isEqualTo(new Outcome(1, "BROKEN: record 5 is missing: the chain ends at 4 but a "
                + "signed checkpoint covers records up to 6 (cut short)"));
    }

    @Test
    void aForgedCheckpointSignatureIsNamed() throws Exception {
        Path copy = tampered("UPDATE audit_checkpoint SET signature = '" + java.util.Base64.getEncoder()
                .encodeToString(new byte[64]) + "'");
        assertThat(verify(copy)).isEqualTo(new Outcome(1,
                "BROKEN: checkpoint at record 6: its signature does not verify with key " + keyId(copy)
                        + " (forged or altered)"));
    }

    @Test
    void aChainRewrittenWithFreshHashesIsCaughtByTheSignedCheckpoint() throws Exception {
        Path copy = copy();
        try (Connection c = writable(copy)) {
            List<AuditRecord> chain = new ArrayList<>();
            io.permafrost.audit.AuditChain.scan(c, 0, "", new Object[0], chain::add);
            String prev = chain.get(1).hash();
            try (Statement st = c.createStatement()) {
                st.execute("DELETE FROM audit_record WHERE seq >= 3");
            }
            for (AuditRecord original : chain.subList(2, chain.size())) {
                var event = original.seq() == 3 ? new io.permafrost.audit.AuditEvent(original.event().requestId(),
                        "arn:aws:iam::111122223333:user/scapegoat", original.event().accountId(),
                        original.event().operation(), original.event().vault(), original.event().subjectId(),
                        original.event().decision(), original.event().statement(), original.event().sourceIp(),
                        original.event().userAgent(), original.event().result()) : original.event();
                AuditRecord forged = AuditRecord.chained(original.seq(), original.time(), event, prev);
                insert(c, forged);
                prev = forged.hash();
            }
        }
        assertThat(verify(copy)).isEqualTo(new Outcome(1, "BROKEN: record 6: its hash is not the one the checkpoint "
                + "signed (the chain was rewritten at or before this record)"));
    }

    @Test
    void anUntrustedKeyIsRefused() throws Exception {
        Path copy = copy();
        Path stranger = Files.createTempFile(copy, "stranger", ".key");
        Files.delete(stranger);
        io.permafrost.audit.SigningKey.loadOrCreate(stranger);
        Outcome outcome = verify(copy, "--public-key", stranger + ".pub");
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.output()).startsWith("BROKEN: checkpoint at record 6: signed by key " + keyId(copy)
                + ", which is not a trusted key");
    }

    @Test
    void exportWritesTheVaultsRecordsAsJsonLines() throws Exception {
        Path out = Files.createTempFile("audit-export", ".jsonl");
        try {
            int exit = new CommandLine(new Main()).execute("audit", "export", "--data", server.dataDir().toString(),
                    "--vault", VAULT, "--out", out.toString());
            assertThat(exit).isZero();
            List<String> lines = Files.readAllLines(out);
            assertThat(lines).hasSize(6);
            assertThat(lines.get(0)).startsWith("{\"seq\":1,\"time\":\"").contains("\"operation\":\"CreateVault\"",
                    "\"vault\":\"ledger\"", "\"prev_hash\":\"" + AuditRecord.GENESIS + "\"", "\"hash\":\"");
            assertThat(lines.get(1)).startsWith("{\"seq\":3,");
        } finally {
            Files.delete(out);
        }
    }

    private record Outcome(int exitCode, String output) {
    }

    private Outcome verify(Path dataDir, String... more) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            List<String> args = new ArrayList<>(List.of("audit", "verify", "--data", dataDir.toString()));
            args.addAll(List.of(more));
            int exit = new CommandLine(new Main()).execute(args.toArray(String[]::new));
            return new Outcome(exit, captured.toString(StandardCharsets.UTF_8).strip());
        } finally {
            System.setOut(original);
        }
    }

    /** A copy of the running server's data directory (idle, so its files are consistent). */
    private Path copy() throws IOException {
        Path copy = Files.createTempDirectory("audit-tamper");
        copies.add(copy);
        Path from = server.dataDir();
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path to = copy.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else if (Files.isRegularFile(p) && !p.getFileName().toString().equals("permafrost.lock")) {
                    // Regular files only: the operator socket (DATA/operator.sock) is no data and cannot be copied.
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return copy;
    }

    private Path tampered(String... statements) throws Exception {
        Path copy = copy();
        try (Connection c = writable(copy); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
        return copy;
    }

    /** The copy's database as its administrator has it: the append-only triggers dropped first. */
    private static Connection writable(Path copy) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy.resolve("metadata.db"));
        try (Statement st = c.createStatement()) {
            for (String trigger : List.of("audit_record_is_final_on_update", "audit_record_is_final_on_delete",
                    "audit_record_is_final_on_replace", "audit_checkpoint_is_final_on_update",
                    "audit_checkpoint_is_final_on_delete")) {
                st.execute("DROP TRIGGER " + trigger);
            }
        }
        return c;
    }

    private static void insert(Connection c, AuditRecord r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_record (seq, time, request_id, principal, "
                + "account_id, operation, vault, subject_id, decision, statement, source_ip, user_agent, result, "
                + "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            var e = r.event();
            Object[] values = {r.seq(), r.time().toString(), e.requestId(), e.principal(), e.accountId(), e.operation(),
                    e.vault(), e.subjectId(), e.decision(), e.statement(), e.sourceIp(), e.userAgent(), e.result(),
                    r.prevHash(), r.hash()};
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            ps.executeUpdate();
        }
    }

    private static String keyId(Path dataDir) throws IOException {
        return io.permafrost.audit.SigningKey.keyId(Files.readString(dataDir.resolve("audit-signing-key.pub")));
    }
}
