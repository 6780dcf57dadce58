package io.permafrost.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Knows every table that can refer to a blob, so a blob is deleted only when nothing refers to it
 * (an archive, a part, or anything registered later such as a job's retained output), and records
 * in {@code released_blobs} every blob whose last reference a transaction removed, in that same
 * transaction: the start-up sweep deletes only such blobs (a deferred-delete list).
 */
final class BlobReferences {
    private final List<String> columns = new ArrayList<>(List.of("archive_segments.blob_id", "parts.blob_id"));

    /** Adds a {@code table.column} that refers to blobs; before {@link #recordReleases}, like every registration. */
    void register(String tableColumn) {
        columns.add(tableColumn);
    }

    boolean isReferenced(Connection c, String blobId) throws SQLException {
        for (String tableColumn : columns) {
            String[] parts = tableColumn.split("\\.");
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM " + parts[0] + " WHERE " + parts[1] + " = ? LIMIT 1")) {
                ps.setString(1, blobId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Which of {@code blobIds} something refers to: one query per referring column for the whole batch
     * rather than one per blob and column, which is what made the start-up sweep grow with the archive
     * count. Callers keep batches to a few hundred ids (SQLite's bound-parameter limit is 32766).
     */
    Set<String> referencedAmong(Connection c, Collection<String> blobIds) throws SQLException {
        Set<String> referenced = new HashSet<>();
        if (blobIds.isEmpty()) {
            return referenced;
        }
        String placeholders = String.join(", ", Collections.nCopies(blobIds.size(), "?"));
        for (String tableColumn : columns) {
            String[] parts = tableColumn.split("\\.");
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT " + parts[1] + " FROM " + parts[0]
                    + " WHERE " + parts[1] + " IN (" + placeholders + ")")) {
                int i = 1;
                for (String id : blobIds) {
                    ps.setString(i++, id);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        referenced.add(rs.getString(1));
                    }
                }
            }
        }
        return referenced;
    }

    /**
     * Installs, on the writer connection, triggers that list a blob in {@code released_blobs} when a
     * row that referred to it is deleted or changed and no registered column refers to it any more.
     * Triggers rather than code in every store: each path that drops a reference (archive delete,
     * part replace, upload abort, vault delete by cascade, job expiry, snapshot replace) is covered,
     * also those added later, and inside the transaction that drops it. TEMP, because they are
     * generated from the registered columns on every start and so never go stale in the file.
     */
    void recordReleases(Connection writer) throws SQLException {
        try (Statement st = writer.createStatement()) {
            for (String tableColumn : columns) {
                String[] parts = tableColumn.split("\\.");
                String table = parts[0];
                String column = parts[1];
                String unreferenced = columns.stream()
                        .map(other -> other.split("\\."))
                        .map(other -> "NOT EXISTS (SELECT 1 FROM main." + other[0] + " WHERE " + other[1]
                                + " = OLD." + column + ")")
                        .collect(Collectors.joining(" AND "));
                String record = " BEGIN INSERT OR IGNORE INTO released_blobs (id) VALUES (OLD." + column + "); END";
                st.execute("CREATE TEMP TRIGGER IF NOT EXISTS release_" + table + "_" + column + "_on_delete"
                        + " AFTER DELETE ON main." + table
                        + " WHEN OLD." + column + " IS NOT NULL AND " + unreferenced + record);
                st.execute("CREATE TEMP TRIGGER IF NOT EXISTS release_" + table + "_" + column + "_on_update"
                        + " AFTER UPDATE OF " + column + " ON main." + table
                        + " WHEN OLD." + column + " IS NOT NULL AND OLD." + column + " IS NOT NEW." + column
                        + " AND " + unreferenced + record);
            }
        }
    }
}
