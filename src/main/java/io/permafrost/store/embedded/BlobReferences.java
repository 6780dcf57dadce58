package io.permafrost.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Knows every table that can refer to a blob, so a blob is deleted only when nothing refers to it
 * (an archive, a part, or anything registered later such as a job's retained output).
 */
final class BlobReferences {
    private final List<String> columns = new ArrayList<>(List.of("archive_segments.blob_id", "parts.blob_id"));

    /** Adds a {@code table.column} that refers to blobs. */
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
}
