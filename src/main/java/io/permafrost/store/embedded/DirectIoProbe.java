package io.permafrost.store.embedded;

import com.sun.nio.file.ExtendedOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Finds out once, at start, whether a directory's filesystem takes direct I/O (tmpfs and some network
 * filesystems refuse {@code O_DIRECT}) by writing one aligned block to a scratch file there.
 */
final class DirectIoProbe {
    private static final Logger LOG = LoggerFactory.getLogger(DirectIoProbe.class);

    private DirectIoProbe() {
    }

    /** A buffer pool aligned for direct writes into {@code dir}, or null when direct I/O is not available there. */
    static AlignedBuffers buffersFor(Path dir, int bufferSize, int limit) {
        Path probe = dir.resolve("direct-io-probe.tmp");
        try {
            int block = Math.toIntExact(Files.getFileStore(dir).getBlockSize());
            if (block <= 0 || bufferSize % block != 0) {
                return null;
            }
            AlignedBuffers buffers = new AlignedBuffers(bufferSize, block, limit);
            ByteBuffer[] pair = buffers.takePair();
            if (pair == null) {
                LOG.info("no direct memory for I/O buffers: blob files go through the page cache");
                return null;
            }
            try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, ExtendedOpenOption.DIRECT)) {
                channel.write(pair[0].limit(block), 0);
            } finally {
                buffers.give(pair[0]);
                buffers.give(pair[1]);
            }
            return buffers;
        } catch (IOException | UnsupportedOperationException | ArithmeticException | IllegalArgumentException e) {
            LOG.info("no direct I/O in {} ({}): blob files go through the page cache", dir, e.getMessage());
            return null;
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException e) {
                LOG.warn("could not remove {}: {}", probe, e.getMessage());
            }
        }
    }
}
