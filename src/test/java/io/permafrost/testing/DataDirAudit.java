package io.permafrost.testing;

import io.permafrost.glacier.TreeHash;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads an embedded data directory from the outside, independently of the server's code: the
 * SQLite metadata with plain SQL and the blob files with plain file reads. It re-derives every
 * archive's tree hash from its blob files and lists whatever breaks the storage invariants.
 */
public final class DataDirAudit {
    private final Path dataDir;
    private final Map<String, Archive> archives = new LinkedHashMap<>();
    private final List<Part> parts = new ArrayList<>();
    private final Map<String, Counters> counters = new LinkedHashMap<>();
    private final Set<String> referencedBlobs = new HashSet<>();
    /** Small blobs kept inside the metadata database (table inline_blobs), by id. */
    private final Map<String, byte[]> inlineBlobs = new LinkedHashMap<>();

    public record Segment(String blobId, long length, String treeHash) {
    }

    public record Archive(String archiveId, String vaultName, long size, String treeHash, List<Segment> segments) {
    }

    public record Part(String uploadId, long rangeStart, long length, String treeHash, String blobId) {
    }

    /** What the vault row says, and what the archives listed for the vault add up to. */
    public record Counters(long recordedCount, long recordedSize, long actualCount, long actualSize) {
    }

    private DataDirAudit(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** Takes a snapshot of the metadata of {@code dataDir} (the server may be running; nothing is written). */
    public static DataDirAudit of(Path dataDir) throws SQLException {
        DataDirAudit audit = new DataDirAudit(dataDir);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("metadata.db").toAbsolutePath())) {
            c.setAutoCommit(false); // one read transaction: one consistent snapshot
            audit.load(c);
            c.rollback();
        }
        return audit;
    }

    private void load(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT a.id, v.name, a.size, a.tree_hash FROM archives a "
                     + "JOIN vaults v ON v.id = a.vault_id ORDER BY a.id")) {
            while (rs.next()) {
                archives.put(rs.getString(1), new Archive(rs.getString(1), rs.getString(2), rs.getLong(3),
                        rs.getString(4), new ArrayList<>()));
            }
        }
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT archive_id, blob_id, length, tree_hash FROM archive_segments "
                     + "ORDER BY archive_id, seq")) {
            while (rs.next()) {
                Archive archive = archives.get(rs.getString(1));
                Segment segment = new Segment(rs.getString(2), rs.getLong(3), rs.getString(4));
                if (archive == null) {
                    // A segment without its archive: keep it visible as a broken archive of unknown vault.
                    archive = new Archive(rs.getString(1), null, -1, null, new ArrayList<>());
                    archives.put(archive.archiveId(), archive);
                }
                archive.segments().add(segment);
            }
        }
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT upload_id, range_start, length, tree_hash, blob_id FROM parts")) {
            while (rs.next()) {
                parts.add(new Part(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5)));
            }
        }
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT v.name, v.archive_count, v.size_bytes, "
                     + "(SELECT COUNT(*) FROM archives a WHERE a.vault_id = v.id), "
                     + "(SELECT COALESCE(SUM(size), 0) FROM archives a WHERE a.vault_id = v.id) FROM vaults v")) {
            while (rs.next()) {
                counters.put(rs.getString(1), new Counters(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
            }
        }
        loadBlobReferences(c);
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, data FROM inline_blobs")) {
            while (rs.next()) {
                inlineBlobs.put(rs.getString(1), rs.getBytes(2));
            }
        }
    }

    /** The stored bytes of a blob, inline or file; null when the blob does not exist. */
    private InputStream openBlob(String blobId) throws IOException {
        byte[] inline = inlineBlobs.get(blobId);
        if (inline != null) {
            return new java.io.ByteArrayInputStream(inline);
        }
        Path file = blobFile(blobId);
        return Files.isRegularFile(file) ? Files.newInputStream(file) : null;
    }

    private long blobSize(String blobId) throws IOException {
        byte[] inline = inlineBlobs.get(blobId);
        return inline != null ? inline.length : Files.size(blobFile(blobId));
    }

    /** Every column of every table whose name ends in "blob_id" refers to blob files (archives, parts, job output). */
    private void loadBlobReferences(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        for (String table : tables) {
            List<String> columns = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM pragma_table_info(?)")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getString(1).endsWith("blob_id")) {
                            columns.add(rs.getString(1));
                        }
                    }
                }
            }
            for (String column : columns) {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT DISTINCT \"" + column + "\" FROM \"" + table
                             + "\" WHERE \"" + column + "\" IS NOT NULL")) {
                    while (rs.next()) {
                        referencedBlobs.add(rs.getString(1));
                    }
                }
            }
        }
    }

    public Map<String, Archive> archives() {
        return archives;
    }

    public List<Part> parts() {
        return parts;
    }

    public Map<String, Counters> counters() {
        return counters;
    }

    /** Vaults whose recorded NumberOfArchives / SizeInBytes differ from their archives. */
    public List<String> counterDrift() {
        List<String> drift = new ArrayList<>();
        counters.forEach((vault, c) -> {
            if (c.recordedCount() != c.actualCount() || c.recordedSize() != c.actualSize()) {
                drift.add(vault + ": " + c);
            }
        });
        return drift;
    }

    /**
     * Every archive whose blob files do not add up to it: a missing or short blob file, segment
     * lengths that do not sum to the size, or a tree hash (re-computed over all its bytes, in order)
     * that differs from the stored one.
     */
    public List<String> corruptArchives() throws IOException {
        List<String> corrupt = new ArrayList<>();
        for (Archive archive : archives.values()) {
            String problem = check(archive);
            if (problem != null) {
                corrupt.add(archive.archiveId() + ": " + problem);
            }
        }
        return corrupt;
    }

    private String check(Archive archive) throws IOException {
        if (archive.vaultName() == null) {
            return "segments without an archive row";
        }
        if (archive.segments().isEmpty()) {
            return "no segments";
        }
        long total = archive.segments().stream().mapToLong(Segment::length).sum();
        if (total != archive.size()) {
            return "segments hold " + total + " bytes, archive size is " + archive.size();
        }
        TreeHash whole = new TreeHash();
        for (Segment segment : archive.segments()) {
            InputStream in = openBlob(segment.blobId());
            if (in == null) {
                return "blob missing: " + segment.blobId();
            }
            if (blobSize(segment.blobId()) != segment.length()) {
                in.close();
                return "blob " + segment.blobId() + " holds " + blobSize(segment.blobId()) + " bytes, segment says "
                        + segment.length();
            }
            TreeHash part = new TreeHash();
            feed(in, whole, part);
            if (!part.hexDigest().equalsIgnoreCase(segment.treeHash())) {
                return "blob " + segment.blobId() + " tree hash differs from its segment's";
            }
        }
        String recomputed = whole.hexDigest();
        return recomputed.equalsIgnoreCase(archive.treeHash()) ? null
                : "tree hash of the bytes is " + recomputed + ", stored " + archive.treeHash();
    }

    /** Parts of open uploads whose blob file is missing or does not match the part's length and tree hash. */
    public List<String> corruptParts() throws IOException {
        List<String> corrupt = new ArrayList<>();
        for (Part part : parts) {
            InputStream in = openBlob(part.blobId());
            if (in == null || blobSize(part.blobId()) != part.length()) {
                if (in != null) {
                    in.close();
                }
                corrupt.add(part + ": blob missing or of the wrong size");
                continue;
            }
            TreeHash hash = new TreeHash();
            feed(in, hash);
            if (!hash.hexDigest().equalsIgnoreCase(part.treeHash())) {
                corrupt.add(part + ": tree hash differs");
            }
        }
        return corrupt;
    }

    private static void feed(InputStream blob, TreeHash... hashes) throws IOException {
        byte[] buffer = new byte[TreeHash.CHUNK_SIZE];
        try (InputStream in = blob) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (TreeHash hash : hashes) {
                    hash.update(buffer, 0, n);
                }
            }
        }
    }

    /** Files left in {@code blobs/tmp}. */
    public List<Path> tempFiles() throws IOException {
        return list(blobsDir().resolve("tmp"));
    }

    /**
     * Committed blobs (files in the shards, and inline rows shown as metadata.db#inline_blobs/ID) that
     * no metadata row refers to. The start-up sweep leaves none: it deletes those whose release was
     * committed and moves the rest into {@link #quarantinedBlobs() the quarantine}, never deleting them.
     */
    public List<Path> unreferencedBlobs() throws IOException {
        List<Path> orphans = new ArrayList<>();
        for (Path shard : list(blobsDir())) {
            String name = shard.getFileName().toString();
            if (!Files.isDirectory(shard) || name.equals("tmp") || name.equals("quarantine")) {
                continue;
            }
            for (Path blob : list(shard)) {
                if (isBlob(blob) && !referencedBlobs.contains(blob.getFileName().toString())) {
                    orphans.add(blob);
                }
            }
        }
        for (String id : inlineBlobs.keySet()) {
            if (!referencedBlobs.contains(id)) {
                orphans.add(dataDir.resolve("metadata.db#inline_blobs").resolve(id));
            }
        }
        return orphans;
    }

    /** Blob files the start-up sweep kept aside because nothing referred to them and it could not prove them garbage. */
    public List<Path> quarantinedBlobs() throws IOException {
        return list(blobsDir().resolve("quarantine")).stream().filter(DataDirAudit::isBlob).toList();
    }

    /** A blob file is named by its id (no dot); beside it may lie manifests, {@code ID.archive} or {@code ID.archives/}. */
    private static boolean isBlob(Path file) {
        return file.getFileName().toString().indexOf('.') < 0;
    }

    /** Every blob file in the shards and the quarantine, for checking that nothing deleted one. */
    public static List<Path> blobFiles(Path dataDir) throws IOException {
        try (Stream<Path> files = Files.walk(dataDir.resolve("blobs"))) {
            return files.filter(Files::isRegularFile).filter(f -> !f.getParent().getFileName().toString().equals("tmp"))
                    .sorted().toList();
        }
    }

    /** Every file under {@code dir} with the tree hash of its bytes, to show that nothing changed. */
    public static Map<String, String> fileDigests(Path dir) throws IOException {
        Map<String, String> files = new java.util.TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                files.put(dir.relativize(path).toString(), TreeHash.of(Files.readAllBytes(path)));
            }
        }
        return files;
    }

    private Path blobsDir() {
        return dataDir.resolve("blobs");
    }

    private Path blobFile(String blobId) {
        return blobsDir().resolve(blobId.substring(0, 2)).resolve(blobId);
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        }
    }
}
