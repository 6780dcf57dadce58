package io.permafrost.store.embedded;

import com.sun.nio.file.ExtendedOpenOption;
import io.permafrost.store.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Executors;
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
    /** Bytes between early flushes of a growing blob: ~50 ms of writing for a disk at 600 MB/s. */
    private static final long WRITEBACK_INTERVAL = 32L << 20;
    /** Two per blob being written; as big as a tree-hash chunk, the unit the upload path hands over. */
    private static final int DIRECT_BUFFER = 1 << 20;

    private final Path root;
    private final Path tmp;
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
        Files.createDirectories(tmp);
        // Every shard directory exists, durably, before any blob is renamed into one: fsyncing the
        // shard after a rename does not make a shard created just then survive a power loss (its own
        // entry lives in blobs/, and concurrent writers would race to create and fsync it).
        for (int shard = 0; shard < 256; shard++) {
            Files.createDirectories(root.resolve(HEX.toHexDigits((byte) shard)));
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
    public BlobWriter create() throws IOException {
        String id = newId();
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
            output.makeDurable();
            output.close();
            Path target = pathOf(id);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the blob directory must support atomic rename", e);
            }
            try {
                fsyncDirectory(target.getParent());
            } catch (IOException e) {
                // Not known to be durable, so not acknowledged: take it back rather than leave it to the sweep.
                Files.deleteIfExists(target);
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
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    LOG.warn("could not discard temp blob {}: {} (the start-up sweep will remove it)", temp,
                            e.getMessage());
                }
            }
        }
    }

    private static void fsyncDirectory(Path dir) throws IOException {
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
    public long size(String blobId) throws IOException {
        return Files.size(pathOf(blobId));
    }

    @Override
    public void delete(String blobId) {
        try {
            Files.deleteIfExists(pathOf(blobId));
        } catch (IOException e) {
            LOG.warn("could not delete blob {}: {} (the start-up sweep will remove it)", blobId, e.getMessage());
        }
    }

    @Override
    public int sweep(Predicate<String> isReferenced) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(tmp)) {
            for (Path temp : temps) {
                Files.deleteIfExists(temp);
                removed++;
            }
        }
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path shard : shards) {
                if (shard.equals(tmp)) {
                    continue;
                }
                try (DirectoryStream<Path> blobs = Files.newDirectoryStream(shard)) {
                    for (Path blob : blobs) {
                        if (!isReferenced.test(blob.getFileName().toString())) {
                            try {
                                Files.delete(blob);
                                removed++;
                            } catch (NoSuchFileException ignored) {
                                // Already gone: that is what we wanted.
                            }
                        }
                    }
                }
            }
        }
        return removed;
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
