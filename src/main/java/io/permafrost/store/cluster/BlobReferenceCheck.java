package io.permafrost.store.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Whether anything refers to a blob, asked of the schema's own {@code blob_is_referenced} function: the
 * one list of referring columns, shared with the triggers that record released blobs (V1__schema.sql).
 */
final class BlobReferenceCheck {
    private BlobReferenceCheck() {
    }

    static boolean isReferenced(Connection c, String blobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT blob_is_referenced(?)")) {
            ps.setString(1, blobId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
