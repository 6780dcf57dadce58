package io.permafrost.store.sql;

import io.permafrost.glacier.LeafHashes;
import io.permafrost.store.JobListKey;
import io.permafrost.store.JobRecord;
import io.permafrost.store.JobRecord.Action;
import io.permafrost.store.JobRecord.ArchiveRetrieval;
import io.permafrost.store.JobRecord.InventoryOutput;
import io.permafrost.store.JobRecord.InventoryRetrieval;
import io.permafrost.store.JobRecord.Status;
import io.permafrost.store.JobSegment;
import io.permafrost.store.JobStore;
import io.permafrost.store.Page;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Jobs in the embedded SQLite database; a job's segments and inventory output count as blob references. */
/** Retrieval jobs, for both backends; each method is one transaction. */
public final class SqlJobStore implements JobStore {
    private static final String COLUMNS = "j.id, j.vault_id, v.account_id, v.name, j.action, j.description, "
            + "j.sns_topic, j.tier, j.created_at, j.due_at, j.status, j.status_message, j.completed_at, "
            + "j.archive_id, j.archive_size, j.archive_tree_hash, j.archive_description, j.range_start, j.range_end, "
            + "j.range_tree_hash, j.inventory_format, j.inventory_start_date, j.inventory_end_date, j.inventory_limit, "
            + "j.inventory_marker, j.inventory_next_marker, j.output_blob_id, j.output_size, j.output_tree_hash";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM jobs j JOIN vaults v ON v.id = j.vault_id ";
    private static final String CLAIMABLE =
            "WHERE j.status = ? AND j.due_at <= ? AND (j.lease_until IS NULL OR j.lease_until <= ?) ";
    private static final String COMPLETED_BY = "WHERE completed_at IS NOT NULL AND completed_at <= ? ";

    private final SqlEngine db;

    public SqlJobStore(SqlEngine db) {
        this.db = db;
    }

    @Override
    public boolean create(JobRecord job) {
        return db.write(c -> {
            if (!db.lockVault(c, job.vaultId())) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (id, vault_id, action, description, "
                    + "sns_topic, tier, created_at, due_at, status, status_message, archive_id, archive_size, "
                    + "archive_tree_hash, archive_description, range_start, range_end, range_tree_hash, "
                    + "inventory_format, inventory_start_date, inventory_end_date, inventory_limit, inventory_marker) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, job.jobId());
                ps.setLong(2, job.vaultId());
                ps.setString(3, job.action().name());
                ps.setString(4, job.description());
                ps.setString(5, job.snsTopic());
                ps.setString(6, job.tier());
                ps.setLong(7, job.creationDate().toEpochMilli());
                ps.setLong(8, job.dueAt().toEpochMilli());
                ps.setString(9, job.status().name());
                ps.setString(10, job.statusMessage());
                ArchiveRetrieval a = job.archive();
                ps.setString(11, a == null ? null : a.archiveId());
                setLong(ps, 12, a == null ? null : a.archiveSize());
                ps.setString(13, a == null ? null : a.archiveTreeHash());
                ps.setString(14, a == null ? null : a.archiveDescription());
                setLong(ps, 15, a == null ? null : a.rangeStart());
                setLong(ps, 16, a == null ? null : a.rangeEnd());
                ps.setString(17, a == null ? null : a.rangeTreeHash());
                InventoryRetrieval i = job.inventory();
                ps.setString(18, i == null ? null : i.format());
                ps.setString(19, i == null ? null : i.startDate());
                ps.setString(20, i == null ? null : i.endDate());
                ps.setString(21, i == null ? null : i.limit());
                ps.setString(22, i == null ? null : i.marker());
                ps.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public Optional<JobRecord> find(long vaultId, String jobId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE j.id = ? AND j.vault_id = ?")) {
                ps.setString(1, jobId);
                ps.setLong(2, vaultId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Page<JobRecord> list(long vaultId, Filter filter, Instant completedAfter, String fromKey, int limit) {
        return db.read(c -> {
            StringBuilder sql = new StringBuilder(SELECT + "WHERE j.vault_id = ? "
                    + "AND (j.completed_at IS NULL OR j.completed_at > ?)");
            List<Object> args = new ArrayList<>(List.of(vaultId, completedAfter.toEpochMilli()));
            if (filter.status() != null) {
                sql.append(" AND j.status = ?");
                args.add(filter.status().name());
            }
            if (filter.completed() != null) {
                sql.append(filter.completed() ? " AND j.status <> ?" : " AND j.status = ?");
                args.add(Status.IN_PROGRESS.name());
            }
            if (fromKey != null) {
                JobListKey key = JobListKey.parse(fromKey);
                sql.append(" AND (j.created_at > ? OR (j.created_at = ? AND j.id >= ?))");
                args.add(key.createdAtMillis());
                args.add(key.createdAtMillis());
                args.add(key.jobId());
            }
            sql.append(" ORDER BY j.created_at, j.id LIMIT ?");
            args.add(limit + 1);
            List<JobRecord> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(read(rs));
                    }
                }
            }
            String next = null;
            if (items.size() > limit) {
                JobRecord first = items.remove(limit);
                next = JobListKey.of(first).format();
            }
            return new Page<>(items, next);
        });
    }

    @Override
    public List<JobRecord> due(Instant now, int max) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE j.status = ? AND j.due_at <= ? "
                    + "ORDER BY j.due_at, j.id LIMIT ?")) {
                ps.setString(1, Status.IN_PROGRESS.name());
                ps.setLong(2, now.toEpochMilli());
                ps.setInt(3, max);
                List<JobRecord> jobs = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        jobs.add(read(rs));
                    }
                }
                return jobs;
            }
        });
    }

    @Override
    public List<JobRecord> claim(String nodeId, Instant now, Instant leaseUntil, int max) {
        long at = now.toEpochMilli();
        if (!db.anyRow("SELECT 1 FROM jobs j " + CLAIMABLE + "LIMIT 1", Status.IN_PROGRESS.name(), at, at)) {
            return List.of();
        }
        return db.write(c -> {
            List<JobRecord> claimed = new ArrayList<>();
            // The select and the updates below are one atomic step: one writer (SQLite) or SKIP LOCKED row locks.
            try (PreparedStatement ps = c.prepareStatement(SELECT + CLAIMABLE + "ORDER BY j.due_at, j.id LIMIT ?"
                    + db.claimingRead())) {
                ps.setString(1, Status.IN_PROGRESS.name());
                ps.setLong(2, at);
                ps.setLong(3, at);
                ps.setInt(4, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(read(rs));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE jobs SET claimed_by = ?, lease_until = ? WHERE id = ?")) {
                for (JobRecord job : claimed) {
                    ps.setString(1, nodeId);
                    ps.setLong(2, leaseUntil.toEpochMilli());
                    ps.setString(3, job.jobId());
                    ps.executeUpdate();
                }
            }
            return claimed;
        });
    }

    @Override
    public boolean renewClaim(String jobId, String nodeId, Instant leaseUntil) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET lease_until = ? "
                    + "WHERE id = ? AND claimed_by = ? AND status = ?")) {
                ps.setLong(1, leaseUntil.toEpochMilli());
                ps.setString(2, jobId);
                ps.setString(3, nodeId);
                ps.setString(4, Status.IN_PROGRESS.name());
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public void releaseClaim(String jobId, String nodeId) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET claimed_by = NULL, lease_until = NULL "
                    + "WHERE id = ? AND claimed_by = ?")) {
                ps.setString(1, jobId);
                ps.setString(2, nodeId);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Completion completeArchiveRetrieval(String jobId, Instant now, String rangeTreeHash,
                                               String archiveGoneMessage) {
        return db.write(c -> {
            long rangeStart;
            long rangeEnd;
            String archiveId;
            long vaultId;
            try (PreparedStatement ps = c.prepareStatement("SELECT archive_id, range_start, range_end, vault_id "
                    + "FROM jobs WHERE id = ? AND status = ? AND action = ?" + db.lockingRead())) {
                ps.setString(1, jobId);
                ps.setString(2, Status.IN_PROGRESS.name());
                ps.setString(3, Action.ARCHIVE_RETRIEVAL.name());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Completion.NOT_IN_PROGRESS;
                    }
                    archiveId = rs.getString(1);
                    rangeStart = rs.getLong(2);
                    rangeEnd = rs.getLong(3);
                    vaultId = rs.getLong(4);
                }
            }
            boolean archiveExists;
            // Shared: a DeleteArchive on another node waits until the job's own segment references are
            // committed, and then finds its blobs still referenced; or it went first and the job fails.
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM archives WHERE id = ? AND vault_id = ?" + db.sharedRead())) {
                ps.setString(1, archiveId);
                ps.setLong(2, vaultId);
                try (ResultSet rs = ps.executeQuery()) {
                    archiveExists = rs.next();
                }
            }
            if (!archiveExists) {
                finish(c, jobId, now, Status.FAILED, archiveGoneMessage);
                return Completion.FAILED;
            }
            // Only the segments overlapping the retrieved range are kept alive by the job.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO job_segments "
                    + "(job_id, archive_offset, blob_id, length, tree_hash, leaf_hashes) "
                    + "SELECT ?, s.start, s.blob_id, s.length, s.tree_hash, s.leaf_hashes FROM ("
                    + "  SELECT blob_id, length, tree_hash, leaf_hashes, "
                    + "    SUM(length) OVER (ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - length AS start "
                    + "  FROM archive_segments WHERE archive_id = ?) s "
                    + "WHERE s.start <= ? AND s.start + s.length - 1 >= ?")) {
                ps.setString(1, jobId);
                ps.setString(2, archiveId);
                ps.setLong(3, rangeEnd);
                ps.setLong(4, rangeStart);
                ps.executeUpdate();
            }
            if (rangeTreeHash != null) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET range_tree_hash = ? WHERE id = ?")) {
                    ps.setString(1, rangeTreeHash);
                    ps.setString(2, jobId);
                    ps.executeUpdate();
                }
            }
            finish(c, jobId, now, Status.SUCCEEDED, "Succeeded");
            return Completion.SUCCEEDED;
        });
    }

    @Override
    public boolean completeInventory(String jobId, Instant now, Instant inventoryDate, InventoryOutput output,
                                     String nextMarker) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET status = ?, status_message = ?, "
                    + "completed_at = ?, output_blob_id = ?, output_size = ?, output_tree_hash = ?, "
                    + "inventory_next_marker = ? WHERE id = ? AND status = ? AND action = ?")) {
                ps.setString(1, Status.SUCCEEDED.name());
                ps.setString(2, "Succeeded");
                ps.setLong(3, now.toEpochMilli());
                ps.setString(4, output.blobId());
                ps.setLong(5, output.size());
                ps.setString(6, output.treeHash());
                ps.setString(7, nextMarker);
                ps.setString(8, jobId);
                ps.setString(9, Status.IN_PROGRESS.name());
                ps.setString(10, Action.INVENTORY_RETRIEVAL.name());
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            queueNotification(c, jobId, now);
            // The larger date: a job served from an older snapshot never moves the vault's date back (scheduled mode).
            try (PreparedStatement ps = c.prepareStatement("UPDATE vaults SET last_inventory_at = "
                    + db.greatest() + "(COALESCE(last_inventory_at, 0), ?) WHERE id = (SELECT vault_id FROM jobs WHERE id = ?)")) {
                ps.setLong(1, inventoryDate.toEpochMilli());
                ps.setString(2, jobId);
                ps.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public boolean fail(String jobId, Instant now, String message) {
        return db.write(c -> finish(c, jobId, now, Status.FAILED, message));
    }

    private static boolean finish(Connection c, String jobId, Instant now, Status status, String message)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET status = ?, status_message = ?, "
                + "completed_at = ? WHERE id = ? AND status = ?")) {
            ps.setString(1, status.name());
            ps.setString(2, message);
            ps.setLong(3, now.toEpochMilli());
            ps.setString(4, jobId);
            ps.setString(5, Status.IN_PROGRESS.name());
            if (ps.executeUpdate() == 0) {
                return false;
            }
        }
        queueNotification(c, jobId, now);
        return true;
    }

    /**
     * The job's completion notification, in the transaction that completes it: a crash after the commit
     * cannot lose it. Written for every job; delivery finds out which topics (if any) want it.
     */
    private static void queueNotification(Connection c, String jobId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO notification_outbox "
                + "(job_id, vault_id, created_at, next_attempt_at) SELECT id, vault_id, ?, ? FROM jobs WHERE id = ?")) {
            ps.setLong(1, now.toEpochMilli());
            ps.setLong(2, now.toEpochMilli());
            ps.setString(3, jobId);
            ps.executeUpdate();
        }
    }

    @Override
    public List<JobSegment> segments(String jobId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT archive_offset, blob_id, length, tree_hash, "
                    + "leaf_hashes FROM job_segments WHERE job_id = ? ORDER BY archive_offset")) {
                ps.setString(1, jobId);
                List<JobSegment> segments = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        segments.add(new JobSegment(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                                LeafHashes.fromBytes(rs.getBytes(5))));
                    }
                }
                return segments;
            }
        });
    }

    @Override
    public Expired expire(Instant completedBefore, int max) {
        long cutoff = completedBefore.toEpochMilli();
        if (!db.anyRow("SELECT 1 FROM jobs " + COMPLETED_BY + "LIMIT 1", cutoff)) {
            return new Expired(0, List.of());
        }
        return db.write(c -> {
            List<String> jobIds = new ArrayList<>();
            Set<String> blobs = new LinkedHashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, output_blob_id FROM jobs "
                    + COMPLETED_BY + "LIMIT ?")) {
                ps.setLong(1, cutoff);
                ps.setInt(2, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        jobIds.add(rs.getString(1));
                        if (rs.getString(2) != null) {
                            blobs.add(rs.getString(2));
                        }
                    }
                }
            }
            for (String jobId : jobIds) {
                try (PreparedStatement ps = c.prepareStatement("SELECT blob_id FROM job_segments WHERE job_id = ?")) {
                    ps.setString(1, jobId);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            blobs.add(rs.getString(1));
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM jobs WHERE id = ?")) {
                    ps.setString(1, jobId);
                    ps.executeUpdate();
                }
            }
            List<String> released = new ArrayList<>();
            for (String blobId : blobs) {
                if (!db.isBlobReferenced(c, blobId)) {
                    released.add(blobId);
                }
            }
            return new Expired(jobIds.size(), released);
        });
    }

    private static JobRecord read(ResultSet rs) throws SQLException {
        Action action = Action.valueOf(rs.getString(5));
        ArchiveRetrieval archive = action != Action.ARCHIVE_RETRIEVAL ? null : new ArchiveRetrieval(rs.getString(14),
                rs.getLong(15), rs.getString(16), rs.getString(17), rs.getLong(18), rs.getLong(19), rs.getString(20));
        InventoryRetrieval inventory = action != Action.INVENTORY_RETRIEVAL ? null : new InventoryRetrieval(
                rs.getString(21), rs.getString(22), rs.getString(23), rs.getString(24), rs.getString(25),
                rs.getString(26));
        String outputBlob = rs.getString(27);
        InventoryOutput output = outputBlob == null ? null
                : new InventoryOutput(outputBlob, rs.getLong(28), rs.getString(29));
        return new JobRecord(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), action,
                rs.getString(6), rs.getString(7), rs.getString(8), Instant.ofEpochMilli(rs.getLong(9)),
                Instant.ofEpochMilli(rs.getLong(10)), Status.valueOf(rs.getString(11)), rs.getString(12),
                instantOrNull(rs, 13), archive, inventory, output);
    }

    private static Instant instantOrNull(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    @Override
    public List<Tally> tally() {
        // One GROUP BY over a table a scrape reads every few seconds: no row is read into the heap.
        return db.read(c -> {
            List<Tally> tallies = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT status, tier, COUNT(*) FROM jobs GROUP BY status, tier");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tallies.add(new Tally(JobRecord.Status.valueOf(rs.getString(1)), rs.getString(2), rs.getLong(3)));
                }
            }
            return tallies;
        });
    }
}
