package io.permafrost.store.embedded;

import com.sun.nio.file.ExtendedOpenOption;
import io.permafrost.store.ArchiveManifest;
import io.permafrost.store.BlobSegment;
import io.permafrost.store.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Archive bytes as files under {@code DIR/blobs/}, named by a random internal id (never a user string).
 * Write protocol: stream to {@code tmp/}, fsync the file, rename into its shard directory, fsync the
 * directory; only then does the caller commit metadata that refers to the blob. The bytes go to disk
 * with direct I/O where the filesystem takes it ({@link DirectBlobOutput}), else through the page
 * cache ({@link BufferedBlobOutput}); either way the fsync comes before the rename.
 */
public final class FileBlobStore implements BlobStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileBlobStore.class);
    private static final HexFormat HEX = HexFormat.of();
    /** Below the blob root: blobs the start-up sweep found unreferenced and kept aside instead of deleting. */
    static final String QUARANTINE = "quarantine";
    /** Bytes between early flushes of a growing blob: ~50 ms of writing for a disk at 600 MB/s. */
    private static final long WRITEBACK_INTERVAL = 32L << 20;
    /** Two per blob being written; as big as a tree-hash chunk, the unit the upload path hands over. */
    private static final int DIRECT_BUFFER = 1 << 20;

    private final Path root;
    private final Path tmp;
    private final Path quarantine;
    private final SecureRandom random = new SecureRandom();
    private final BackgroundIo background = new BackgroundIo(Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "blob-io");
        thread.setDaemon(true);
        return thread;
    }));
    /** Null when blobs are written through the page cache. */
    private final AlignedBuffers directBuffers;

    /** Writes with direct I/O when the filesystem takes it. */
    public FileBlobStore(Path root) throws IOException {
        this(root, true);
    }

    public FileBlobStore(Path root, boolean directIoWhereSupported) throws IOException {
        this(root, directIoWhereSupported, AlignedBuffers.limitForThisJvm(DIRECT_BUFFER));
    }

    /** {@code directBufferLimit}: buffers for direct I/O at most (two per blob being written). */
    FileBlobStore(Path root, boolean directIoWhereSupported, int directBufferLimit) throws IOException {
        this.root = root;
        this.tmp = root.resolve("tmp");
        this.quarantine = root.resolve(QUARANTINE);
        Files.createDirectories(tmp);
        // Every shard directory exists, durably, before any blob is renamed into one: fsyncing the
        // shard after a rename does not make a shard created just then survive a power loss (its own
        // entry lives in blobs/, and concurrent writers would race to create and fsync it).
        for (Path shard : shardsOf(root)) {
            Files.createDirectories(shard);
        }
        fsyncDirectory(root);
        if (root.getParent() != null) {
            fsyncDirectory(root.getParent());
        }
        this.directBuffers = directIoWhereSupported
                ? DirectIoProbe.buffersFor(tmp, DIRECT_BUFFER, directBufferLimit) : null;
        LOG.info("blob files in {} are written {}", root,
                directBuffers != null ? "with direct I/O" : "through the page cache");
    }

    /** True when blobs are written with direct I/O. */
    public boolean usesDirectIo() {
        return directBuffers != null;
    }

    /** Direct-I/O buffers that could be handed out now (two per blob being written); 0 without direct I/O. */
    int directBuffersAvailable() {
        return directBuffers == null ? 0 : directBuffers.available();
    }

    private String newId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HEX.formatHex(bytes);
    }

    private Path pathOf(String blobId) {
        if (blobId.length() < 3 || !blobId.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            throw new IllegalArgumentException("not a blob id: " + blobId);
        }
        return root.resolve(blobId.substring(0, 2)).resolve(blobId);
    }

    @Override
    public void checkWritable() throws IOException {
        if (!Files.isDirectory(tmp) || !Files.isWritable(tmp)) {
            throw new IOException(tmp + " is not a writable directory");
        }
    }

    @Override
    public BlobWriter create() throws IOException {
        return create(newId());
    }

    /**
     * A writer for a blob whose id the caller drew (128 random bits in hex), so that the caller knows the id
     * before the file can appear in a shard: the background sweep must tell this process's blobs from
     * leftovers of an earlier one.
     */
    BlobWriter create(String id) throws IOException {
        Path temp = tmp.resolve(id + ".tmp");
        BlobFileOutput output;
        ByteBuffer[] pair = directBuffers == null ? null : directBuffers.takePair();
        if (pair != null) {
            FileChannel channel;
            try {
                channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        ExtendedOpenOption.DIRECT);
            } catch (IOException | RuntimeException e) {
                directBuffers.give(pair[0]);
                directBuffers.give(pair[1]);
                // Linux may create the file and then refuse O_DIRECT on it.
                Files.deleteIfExists(temp);
                throw e;
            }
            output = new DirectBlobOutput(channel, directBuffers, pair, background, WRITEBACK_INTERVAL);
        } else {
            FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            output = new BufferedBlobOutput(channel, background, WRITEBACK_INTERVAL);
        }
        return new FileBlobWriter(id, temp, output);
    }

    private final class FileBlobWriter implements BlobWriter {
        private final String id;
        private final Path temp;
        private final BlobFileOutput output;
        private boolean committed;
        private boolean closed;

        FileBlobWriter(String id, Path temp, BlobFileOutput output) {
            this.id = id;
            this.temp = temp;
            this.output = output;
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            output.write(buffer, offset, length);
        }

        @Override
        public String commit() throws IOException {
            return commitWith(null);
        }

        /**
         * The sidecar is made durable in {@code tmp/} first and renamed in beside the blob before the
         * one directory fsync that makes the blob durable: one more small write and file fsync, no
         * second directory fsync.
         */
        @Override
        public String commit(ArchiveManifest archive) throws IOException {
            return commitWith(archive.withSegments(List.of(new BlobSegment(id, archive.size(), archive.treeHash(), null))));
        }

        private String commitWith(ArchiveManifest sidecar) throws IOException {
            // The sidecar's fsync runs beside the blob's: the filesystem can fold both into one journal commit.
            Path sidecarTemp = tmp.resolve(id + ArchiveManifestFile.SUFFIX);
            CompletableFuture<Void> sidecarWritten = sidecar == null ? BackgroundIo.NOTHING
                    : background.start(() -> writeAndForce(sidecarTemp, ArchiveManifestFile.encode(sidecar, Map.of())));
            try {
                output.makeDurable();
            } finally {
                BackgroundIo.awaitQuietly(sidecarWritten);
            }
            BackgroundIo.await(sidecarWritten);
            output.close();
            Path target = pathOf(id);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                if (sidecar != null) {
                    Files.move(sidecarTemp, sidecarOf(target), StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the blob directory must support atomic rename", e);
            }
            try {
                fsyncDirectory(target.getParent());
            } catch (IOException e) {
                // Not known to be durable, so not acknowledged: take it back rather than leave it to the sweep.
                deleteWithSidecar(target);
                closed = true;
                throw e;
            }
            committed = true;
            closed = true;
            return id;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            output.close();
            if (!committed) {
                try {
                    Files.deleteIfExists(tmp.resolve(id + ArchiveManifestFile.SUFFIX));
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    LOG.warn("could not discard temp blob {}: {} (the start-up sweep will remove it)", temp,
                            e.getMessage());
                }
            }
        }
    }

    /** Writes {@code bytes} to {@code tmp/name} and fsyncs it; the caller renames it into place. */
    private Path writeDurably(String name, byte[] bytes) throws IOException {
        Path temp = tmp.resolve(name);
        writeAndForce(temp, bytes);
        return temp;
    }

    /** Writes the whole file and fsyncs it (data and size); renaming it into place is the caller's. */
    static void writeAndForce(Path temp, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    private static Path sidecarOf(Path blobFile) {
        return blobFile.resolveSibling(blobFile.getFileName() + ArchiveManifestFile.SUFFIX);
    }

    /**
     * Beside a blob: the directory holding one manifest per multipart archive that starts with this
     * blob. Several Completes of one upload may race, each with its own archive id, and until the
     * database picks the winner each needs its own durable manifest that no other writer can
     * overwrite or delete; a single upload's sidecar needs none, as its blob is its own.
     */
    private static Path manifestDirectoryOf(Path blobFile) {
        return blobFile.resolveSibling(blobFile.getFileName() + ArchiveManifestFile.DIRECTORY_SUFFIX);
    }

    /** The manifests first: a manifest without its blob would describe an archive that cannot come back. */
    private static boolean deleteWithSidecar(Path blobFile) throws IOException {
        Files.deleteIfExists(sidecarOf(blobFile));
        Path manifests = manifestDirectoryOf(blobFile);
        for (Path manifest : filesIn(manifests)) {
            Files.deleteIfExists(manifest);
        }
        Files.deleteIfExists(manifests);
        return Files.deleteIfExists(blobFile);
    }

    /** Moves a blob's file with its sidecar and its manifest directory, each where it exists. */
    private static void moveWithManifests(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        if (Files.exists(sidecarOf(from))) {
            Files.move(sidecarOf(from), sidecarOf(to), StandardCopyOption.ATOMIC_MOVE);
        }
        if (Files.isDirectory(manifestDirectoryOf(from))) {
            Files.move(manifestDirectoryOf(from), manifestDirectoryOf(to), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** Whether a file in a shard is a blob (its name is its id: hex, no dot) rather than a sidecar. */
    private static boolean isBlobFile(Path file) {
        return file.getFileName().toString().indexOf('.') < 0;
    }

    /**
     * Writes the manifest of an archive made of existing blobs into its first blob's manifest
     * directory, under a name of its own archive id: racing Completes of one upload never share a file.
     * The directory's entry in the shard is fsynced every time, because a racing writer may have
     * just created it and not yet made it durable.
     */
    void recordArchive(ArchiveManifest archive, Map<String, byte[]> inlineSegments) throws IOException {
        Path first = pathOf(archive.segments().get(0).blobId());
        Path manifests = manifestDirectoryOf(first);
        Files.createDirectories(manifests);
        fsyncDirectory(first.getParent());
        String name = ArchiveManifestFile.nameFor(archive.archiveId());
        Path temp = writeDurably(first.getFileName() + "." + name, ArchiveManifestFile.encode(archive, inlineSegments));
        Files.move(temp, manifests.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        fsyncDirectory(manifests);
    }

    @Override
    public void recordArchive(ArchiveManifest archive) throws IOException {
        recordArchive(archive, Map.of());
    }

    /** Deletes this archive's manifest only: a racing Complete's manifest beside it may be the winner's. */
    @Override
    public void forgetArchive(ArchiveManifest archive) {
        try {
            Files.deleteIfExists(manifestDirectoryOf(pathOf(archive.segments().get(0).blobId()))
                    .resolve(ArchiveManifestFile.nameFor(archive.archiveId())));
        } catch (IOException e) {
            LOG.warn("could not delete the manifest of archive {}: {}", archive.archiveId(), e.getMessage());
        }
    }

    /** Every archive manifest, beside blobs (and in their manifest directories) in the shards and in the quarantine. */
    List<Path> manifests() throws IOException {
        List<Path> dirs = new ArrayList<>(shardsOf(root));
        dirs.add(quarantine);
        List<Path> manifests = new ArrayList<>();
        for (Path dir : dirs) {
            for (Path file : filesIn(dir)) {
                String name = file.getFileName().toString();
                if (name.endsWith(ArchiveManifestFile.SUFFIX)) {
                    manifests.add(file);
                } else if (name.endsWith(ArchiveManifestFile.DIRECTORY_SUFFIX)) {
                    filesIn(file).stream().filter(f -> f.getFileName().toString().endsWith(ArchiveManifestFile.SUFFIX))
                            .forEach(manifests::add);
                }
            }
        }
        return manifests;
    }

    /** Whether the blob's file is in its shard; if it is in the quarantine instead, moves it (and its manifests) back. */
    boolean restoreFromQuarantine(String blobId) throws IOException {
        Path home = pathOf(blobId);
        if (Files.isRegularFile(home)) {
            return true;
        }
        Path kept = quarantine.resolve(blobId);
        if (!Files.isRegularFile(kept)) {
            return false;
        }
        moveWithManifests(kept, home);
        fsyncDirectory(home.getParent());
        fsyncDirectory(quarantine);
        return true;
    }

    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public InputStream open(String blobId, long offset, long length) throws IOException {
        FileChannel channel = FileChannel.open(pathOf(blobId), StandardOpenOption.READ);
        channel.position(offset);
        InputStream whole = Channels.newInputStream(channel);
        return new BoundedInputStream(whole, length);
    }

    @Override
    public ReadableByteChannel openChannel(String blobId, long offset, long length) throws IOException {
        return new FileRangeChannel(FileChannel.open(pathOf(blobId), StandardOpenOption.READ), offset, length);
    }

    @Override
    public long size(String blobId) throws IOException {
        return Files.size(pathOf(blobId));
    }

    @Override
    public void delete(String blobId) {
        tryDelete(blobId);
    }

    /** Deletes the blob's file; true when it is gone (also when it was not there), false when that failed. */
    boolean tryDelete(String blobId) {
        try {
            deleteWithSidecar(pathOf(blobId));
            return true;
        } catch (IOException e) {
            LOG.warn("could not delete blob {}: {} (the start-up sweep will remove it)", blobId, e.getMessage());
            return false;
        }
    }

    /**
     * Removes the temp files of writes that never committed (provably leftovers: nothing is visible
     * before the rename) and moves every committed blob that nothing refers to into {@code quarantine/}.
     * Such a blob is not provably garbage: a crash between blob commit and metadata commit leaves one,
     * but so does metadata restored from an older backup, and those bytes may be the only copy of an
     * acknowledged archive. Deleting what is provably released is {@link #removeReleased}'s job.
     */
    @Override
    public SweepReport sweep(ReferenceCheck references) throws IOException {
        int temps = removeTempFiles();
        return new SweepReport(temps, 0, quarantineUnreferenced(references, () -> false), quarantine.toString());
    }

    /**
     * Deletes every file in {@code tmp/}: only while no write of this process can have begun, since
     * an in-flight write's bytes are there until its commit renames them.
     */
    int removeTempFiles() throws IOException {
        int temps = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp)) {
            for (Path temp : entries) {
                Files.deleteIfExists(temp);
                temps++;
            }
        }
        return temps;
    }

    /**
     * Moves every blob file in the shards that {@code references} does not account for into the
     * quarantine; returns how many. Reads each shard a batch of names at a time, so memory does not
     * grow with the blob count; a file that disappears meanwhile (a concurrent delete of a released
     * blob) is skipped. Stops early when {@code stop} says so.
     */
    int quarantineUnreferenced(ReferenceCheck references, BooleanSupplier stop) throws IOException {
        int quarantined = 0;
        for (Path shard : shardsOf(root)) {
            int moved = 0;
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(shard)) {
                List<Path> batch = new ArrayList<>(ReferenceCheck.BATCH);
                for (Iterator<Path> it = entries.iterator(); it.hasNext() || !batch.isEmpty(); ) {
                    Path next = it.hasNext() ? it.next() : null;
                    if (next != null && isBlobFile(next)) {
                        batch.add(next);
                    }
                    if (batch.size() == ReferenceCheck.BATCH || (next == null && !batch.isEmpty())) {
                        if (stop.getAsBoolean()) {
                            break;
                        }
                        moved += quarantineUnreferencedAmong(batch, references);
                        batch.clear();
                    }
                }
            } catch (NoSuchFileException e) {
                continue;
            }
            if (moved > 0) {
                fsyncDirectory(shard);
            }
            quarantined += moved;
        }
        if (quarantined > 0) {
            fsyncDirectory(quarantine);
        }
        return quarantined;
    }

    private int quarantineUnreferencedAmong(List<Path> blobs, ReferenceCheck references) throws IOException {
        Set<String> referenced = references.referencedAmong(blobs.stream().map(blob -> blob.getFileName().toString()).toList());
        int moved = 0;
        for (Path blob : blobs) {
            if (!referenced.contains(blob.getFileName().toString())) {
                try {
                    moveIntoQuarantine(blob);
                    moved++;
                } catch (NoSuchFileException gone) {
                    // Deleted since the shard was listed: a released blob, deleted as it should be.
                }
            }
        }
        return moved;
    }

    /** The 256 shard directories blobs are renamed into. */
    private static List<Path> shardsOf(Path root) {
        List<Path> shards = new ArrayList<>(256);
        for (int shard = 0; shard < 256; shard++) {
            shards.add(root.resolve(HEX.toHexDigits((byte) shard)));
        }
        return shards;
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            entries.forEach(files::add);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return files;
    }

    private void moveIntoQuarantine(Path blob) throws IOException {
        createQuarantine();
        moveWithManifests(blob, quarantine.resolve(blob.getFileName()));
    }

    private void createQuarantine() throws IOException {
        if (!Files.isDirectory(quarantine)) {
            Files.createDirectories(quarantine);
            fsyncDirectory(root);
        }
    }

    /**
     * Puts the bytes of a blob that lived elsewhere (an unreferenced inline blob) into quarantine as a
     * file, durably (temp, fsync, rename, fsync), so its old home may drop it afterwards.
     */
    void quarantine(String blobId, byte[] data) throws IOException {
        if (!blobId.matches("[0-9a-z]{3,64}")) {
            throw new IllegalArgumentException("not a blob id: " + blobId); // it names a file below
        }
        createQuarantine();
        Files.move(writeDurably(blobId + ".quarantine", data), quarantine.resolve(blobId), StandardCopyOption.ATOMIC_MOVE);
        fsyncDirectory(quarantine);
    }

    /**
     * Deletes blobs whose release the metadata recorded, and makes the deletions durable before the
     * caller forgets the record; returns how many files were there to delete.
     */
    int removeReleased(List<String> blobIds) throws IOException {
        int removed = 0;
        Set<Path> touched = new HashSet<>();
        for (String blobId : blobIds) {
            Path file = pathOf(blobId);
            if (deleteWithSidecar(file)) {
                removed++;
                touched.add(file.getParent());
            }
        }
        for (Path shard : touched) {
            fsyncDirectory(shard);
        }
        return removed;
    }

    /** Where the sweep moves blobs it cannot prove are garbage. */
    Path quarantineDirectory() {
        return quarantine;
    }

    /**
     * Some committed (or, if asked, quarantined) blob file under {@code root} that {@code ignore} does
     * not rule out; empty when there is none. Reads only, so it can look before anything opens the store.
     */
    static Optional<Path> anyBlobFile(Path root, boolean includingQuarantine, Predicate<String> ignore)
            throws IOException {
        List<Path> dirs = new ArrayList<>(shardsOf(root));
        if (includingQuarantine) {
            dirs.add(root.resolve(QUARANTINE));
        }
        for (Path dir : dirs) {
            for (Path file : filesIn(dir)) {
                if (isBlobFile(file) && !ignore.test(file.getFileName().toString())) {
                    return Optional.of(file);
                }
            }
        }
        return Optional.empty();
    }

    /** Stops after {@code remaining} bytes so a reader never runs past its segment. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        BoundedInputStream(InputStream in, long remaining) {
            this.in = in;
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
