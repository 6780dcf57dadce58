package io.permafrost.store.sql;

import io.permafrost.store.AccessPolicyChange;
import io.permafrost.store.ArchiveRecord;
import io.permafrost.store.EvidenceStore;
import io.permafrost.store.ScrubResult;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** Scrub results and access policy history on either backend's database (the tables are alike in both). */
public final class SqlEvidenceStore implements EvidenceStore {
    /** Rows fetched per round trip where the driver would otherwise read a whole result into memory. */
    private static final int FETCH_SIZE = 512;

    private final SqlEngine engine;

    public SqlEvidenceStore(SqlEngine engine) {
        this.engine = engine;
    }

    @Override
    public void recordScrub(String archiveId, ScrubResult result) {
        engine.write(c -> {
            // Through a SELECT from archives: an archive deleted while it was scrubbed leaves no result behind.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO scrub_results "
                    + "(archive_id, scrubbed_at, result, hash) SELECT id, ?, ?, ? FROM archives WHERE id = ? "
                    + "ON CONFLICT (archive_id) DO UPDATE SET scrubbed_at = excluded.scrubbed_at, "
                    + "result = excluded.result, hash = excluded.hash")) {
                ps.setLong(1, result.at().toEpochMilli());
                ps.setString(2, result.outcome().name());
                ps.setString(3, result.computedHash());
                ps.setString(4, archiveId);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void scanWithScrubs(long vaultId, Consumer<ScrubbedArchive> sink) {
        engine.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT a.id, a.description, a.size, a.tree_hash, "
                    + "a.created_at, s.scrubbed_at, s.result, s.hash FROM archives a "
                    + "LEFT JOIN scrub_results s ON s.archive_id = a.id "
                    + "WHERE a.vault_id = ? ORDER BY a.created_at, a.id")) {
                ps.setLong(1, vaultId);
                ps.setFetchSize(FETCH_SIZE);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ArchiveRecord archive = new ArchiveRecord(rs.getString(1), vaultId, rs.getString(2),
                                rs.getLong(3), rs.getString(4), Instant.ofEpochMilli(rs.getLong(5)), List.of());
                        String outcome = rs.getString(7);
                        ScrubResult scrub = outcome == null ? null : new ScrubResult(
                                Instant.ofEpochMilli(rs.getLong(6)), ScrubResult.Outcome.valueOf(outcome),
                                rs.getString(8));
                        sink.accept(new ScrubbedArchive(archive, scrub));
                    }
                }
            }
            return null;
        });
    }

    @Override
    public void accessPolicyHistory(long vaultId, Consumer<AccessPolicyChange> sink) {
        engine.read(c -> {
            AccessPolicyHistoryRows.read(c, vaultId, sink);
            return null;
        });
    }
}
