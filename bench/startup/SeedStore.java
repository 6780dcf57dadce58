import io.permafrost.glacier.IdGenerator;
import io.permafrost.store.VaultRecord;
import io.permafrost.store.embedded.SqliteMetadataStore;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Builds a data directory as a long-lived server leaves it, fast: ARCHIVES archives in one vault and
 * UPLOADS multipart uploads in flight (two parts each), written straight into the SQLite file and
 * the blob directory rather than through the API (a million uploads through the API take hours on
 * this machine). The schema comes from Permafrost's own store (it creates and migrates the file), so
 * the rows are the ones the server writes itself:
 * <ul>
 *   <li>an archive is an {@code archives} row, its {@code archive_segments} row and its blob;</li>
 *   <li>one archive in FILE_EVERY has a file blob (a sparse file of 1 MiB in its shard, so a million
 *       archives fit on a small disk: the start-up work looks at names and rows, never at bytes), the
 *       others an inline blob of 1 KiB in {@code inline_blobs}, as small uploads are stored;</li>
 *   <li>an upload in flight is an {@code uploads} row in state IN_PROGRESS with two {@code parts}
 *       rows, each referring to an inline blob;</li>
 *   <li>the vault's counters equal what it holds.</li>
 * </ul>
 * Compiled against the server jar at launch:
 *
 *   java -cp target/permafrost.jar bench/startup/SeedStore.java DIR ARCHIVES UPLOADS FILE_EVERY ACCOUNT VAULT [BIG_PARTS]
 *
 * With BIG_PARTS, one more archive made of BIG_PARTS segments of 1 MiB, each its own blob file (as a
 * multipart upload of BIG_PARTS parts leaves it); its archive id goes to DIR/big-archive-id.
 */
public final class SeedStore {
    private static final int ROWS_PER_TRANSACTION = 20_000;
    private static final int INLINE_BYTES = 1024;
    private static final long FILE_BYTES = 1L << 20;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long archives = Long.parseLong(args[1]);
        long uploads = Long.parseLong(args[2]);
        long fileEvery = Long.parseLong(args[3]);
        String account = args[4];
        String vaultName = args[5];
        long started = System.nanoTime();
        Files.createDirectories(dir);
        Instant created = Instant.now().minus(Duration.ofDays(30));
        long vaultId;
        try (SqliteMetadataStore store = new SqliteMetadataStore(dir.resolve("metadata.db"))) {
            VaultRecord vault = store.vaults().createIfAbsent(account, vaultName, created, 1000).orElseThrow();
            vaultId = vault.id();
        }
        Path blobs = dir.resolve("blobs");
        IdGenerator ids = new IdGenerator();
        SplittableRandom random = new SplittableRandom(42);
        HexFormat hex = HexFormat.of();
        byte[] data = new byte[INLINE_BYTES];
        long totalSize = 0;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("metadata.db"))) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=OFF");
            }
            c.setAutoCommit(false);
            try (PreparedStatement archive = c.prepareStatement(
                    "INSERT INTO archives (id, vault_id, description, size, tree_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)");
                 PreparedStatement segment = c.prepareStatement(
                         "INSERT INTO archive_segments (archive_id, seq, blob_id, length, tree_hash) VALUES (?, 0, ?, ?, ?)");
                 PreparedStatement inline = c.prepareStatement("INSERT INTO inline_blobs (id, data) VALUES (?, ?)");
                 PreparedStatement upload = c.prepareStatement("INSERT INTO uploads (id, vault_id, description, part_size, "
                         + "created_at, last_activity_at, state) VALUES (?, ?, NULL, 1048576, ?, ?, 'IN_PROGRESS')");
                 PreparedStatement part = c.prepareStatement(
                         "INSERT INTO parts (upload_id, range_start, length, tree_hash, blob_id) VALUES (?, ?, ?, ?, ?)")) {
                for (long i = 0; i < archives; i++) {
                    String archiveId = ids.archiveId();
                    String treeHash = randomHex(random, hex);
                    boolean asFile = fileEvery > 0 && i % fileEvery == 0;
                    long size = asFile ? FILE_BYTES : INLINE_BYTES;
                    String blobId = asFile ? hex.formatHex(randomBytes(random, 16)) : "i" + hex.formatHex(randomBytes(random, 16));
                    if (asFile) {
                        Path shard = blobs.resolve(blobId.substring(0, 2));
                        Files.createDirectories(shard);
                        try (RandomAccessFile file = new RandomAccessFile(shard.resolve(blobId).toFile(), "rw")) {
                            file.setLength(FILE_BYTES);
                        }
                    } else {
                        random.nextBytes(data);
                        inline.setString(1, blobId);
                        inline.setBytes(2, data);
                        inline.executeUpdate();
                    }
                    archive.setString(1, archiveId);
                    archive.setLong(2, vaultId);
                    archive.setString(3, String.format("backup-%07d.tar.gz", i));
                    archive.setLong(4, size);
                    archive.setString(5, treeHash);
                    archive.setLong(6, created.plusMillis(i).toEpochMilli());
                    archive.executeUpdate();
                    segment.setString(1, archiveId);
                    segment.setString(2, blobId);
                    segment.setLong(3, size);
                    segment.setString(4, treeHash);
                    segment.executeUpdate();
                    totalSize += size;
                    if (i % ROWS_PER_TRANSACTION == ROWS_PER_TRANSACTION - 1) {
                        c.commit();
                    }
                    if (i % 100_000 == 99_999) {
                        System.out.printf("  %,d archives%n", i + 1);
                    }
                }
                for (long u = 0; u < uploads; u++) {
                    String uploadId = ids.uploadId();
                    upload.setString(1, uploadId);
                    upload.setLong(2, vaultId);
                    upload.setLong(3, created.toEpochMilli());
                    upload.setLong(4, Instant.now().toEpochMilli());
                    upload.executeUpdate();
                    for (int p = 0; p < 2; p++) {
                        String blobId = "i" + hex.formatHex(randomBytes(random, 16));
                        random.nextBytes(data);
                        inline.setString(1, blobId);
                        inline.setBytes(2, data);
                        inline.executeUpdate();
                        part.setString(1, uploadId);
                        part.setLong(2, p * 1048576L);
                        part.setLong(3, INLINE_BYTES);
                        part.setString(4, randomHex(random, hex));
                        part.setString(5, blobId);
                        part.executeUpdate();
                    }
                }
            }
            if (args.length > 6) {
                totalSize += seedBigArchive(c, dir, blobs, vaultId, Integer.parseInt(args[6]), ids, random, hex, created);
                archives++;
            }
            try (PreparedStatement counters = c.prepareStatement(
                    "UPDATE vaults SET archive_count = archive_count + ?, size_bytes = size_bytes + ? WHERE id = ?")) {
                counters.setLong(1, archives);
                counters.setLong(2, totalSize);
                counters.setLong(3, vaultId);
                counters.executeUpdate();
            }
            c.commit();
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
        System.out.printf("seeded %,d archives (%,d with a file blob) and %,d uploads in flight in %s in %.1f s%n",
                archives, fileEvery > 0 ? (archives + fileEvery - 1) / fileEvery : 0, uploads, dir,
                (System.nanoTime() - started) / 1e9);
    }

    private static long seedBigArchive(Connection c, Path dir, Path blobs, long vaultId, int parts, IdGenerator ids,
                                       SplittableRandom random, HexFormat hex, Instant created) throws Exception {
        String archiveId = ids.archiveId();
        try (PreparedStatement archive = c.prepareStatement(
                "INSERT INTO archives (id, vault_id, description, size, tree_hash, created_at) VALUES (?, ?, 'big', ?, ?, ?)");
             PreparedStatement segment = c.prepareStatement(
                     "INSERT INTO archive_segments (archive_id, seq, blob_id, length, tree_hash) VALUES (?, ?, ?, ?, ?)")) {
            archive.setString(1, archiveId);
            archive.setLong(2, vaultId);
            archive.setLong(3, parts * FILE_BYTES);
            archive.setString(4, randomHex(random, hex));
            archive.setLong(5, created.toEpochMilli());
            archive.executeUpdate();
            for (int p = 0; p < parts; p++) {
                String blobId = hex.formatHex(randomBytes(random, 16));
                Path shard = blobs.resolve(blobId.substring(0, 2));
                Files.createDirectories(shard);
                try (RandomAccessFile file = new RandomAccessFile(shard.resolve(blobId).toFile(), "rw")) {
                    file.setLength(FILE_BYTES);
                }
                segment.setString(1, archiveId);
                segment.setInt(2, p);
                segment.setString(3, blobId);
                segment.setLong(4, FILE_BYTES);
                segment.setString(5, randomHex(random, hex));
                segment.executeUpdate();
            }
        }
        Files.writeString(dir.resolve("big-archive-id"), archiveId);
        return parts * FILE_BYTES;
    }

    private static byte[] randomBytes(SplittableRandom random, int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String randomHex(SplittableRandom random, HexFormat hex) {
        return hex.formatHex(randomBytes(random, 32));
    }
}
