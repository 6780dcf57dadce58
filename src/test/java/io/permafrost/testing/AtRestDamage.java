package io.permafrost.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Damages stored bytes behind the server's back, as a failing disk would: a blob file under
 * {@code DATA/blobs/xx/<id>}, or a small blob kept in the metadata database's {@code inline_blobs}.
 * The server may be running (SQLite lets a second connection write).
 */
public final class AtRestDamage {
    private final Path dataDir;

    public AtRestDamage(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** Zeroes {@code count} bytes of the blob from {@code offset} on (flipping them if they already are 0). */
    public void zero(String blobId, int offset, int count) throws IOException, SQLException {
        change(blobId, stored -> damage(stored, offset, count));
    }

    /** Replaces the blob's stored bytes by what {@code how} makes of them (it may change the array in place). */
    public void change(String blobId, UnaryOperator<byte[]> how) throws IOException, SQLException {
        if (blobId.startsWith("i")) {
            writeInline(blobId, how.apply(readInline(blobId)));
        } else {
            Path file = dataDir.resolve("blobs").resolve(blobId.substring(0, 2)).resolve(blobId);
            Files.write(file, how.apply(Files.readAllBytes(file)));
        }
    }

    /**
     * Makes every stored archive, part and job look as if it was stored before chunk hashes were
     * recorded (nothing to do on a schema that has none).
     */
    public void forgetLeafHashes() throws SQLException {
        try (Connection c = connect(); var st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pragma_table_info('archive_segments') "
                    + "WHERE name = 'leaf_hashes'")) {
                if (!rs.next()) {
                    return;
                }
            }
            for (String table : new String[] {"archive_segments", "parts", "job_segments"}) {
                st.executeUpdate("UPDATE " + table + " SET leaf_hashes = NULL");
            }
        }
    }

    /** The blob id the query ({@code ?} bound to {@code argument}, when given) finds, e.g. a job's output blob. */
    public String blobId(String query, String... arguments) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(query)) {
            for (int i = 0; i < arguments.length; i++) {
                ps.setString(i + 1, arguments[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    throw new IllegalArgumentException("no blob for " + query);
                }
                return rs.getString(1);
            }
        }
    }

    private static byte[] damage(byte[] stored, int offset, int count) {
        byte[] before = Arrays.copyOfRange(stored, offset, offset + count);
        Arrays.fill(stored, offset, offset + count, (byte) 0);
        if (Arrays.equals(before, Arrays.copyOfRange(stored, offset, offset + count))) {
            stored[offset] = 1; // they were zeros already: a change is what the test needs
        }
        return stored;
    }

    private byte[] readInline(String blobId) throws SQLException {
        try (Connection c = connect();
             PreparedStatement read = c.prepareStatement("SELECT data FROM inline_blobs WHERE id = ?")) {
            read.setString(1, blobId);
            try (ResultSet rs = read.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no inline blob " + blobId);
                }
                return rs.getBytes(1);
            }
        }
    }

    private void writeInline(String blobId, byte[] data) throws SQLException {
        try (Connection c = connect();
             PreparedStatement write = c.prepareStatement("UPDATE inline_blobs SET data = ? WHERE id = ?")) {
            write.setBytes(1, data);
            write.setString(2, blobId);
            if (write.executeUpdate() != 1) {
                throw new IllegalStateException("inline blob " + blobId + " vanished");
            }
        }
    }

    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("metadata.db").toAbsolutePath());
        try (var st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = 10000");
        }
        return c;
    }
}
