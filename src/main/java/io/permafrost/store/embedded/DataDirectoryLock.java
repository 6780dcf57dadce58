package io.permafrost.store.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive OS lock on {@code permafrost.lock} in the data directory, held by a serving server and
 * by {@code recover}, so neither runs beside the other. The OS drops it when the process dies, so a
 * killed server leaves nothing to clean up; the file itself stays (deleting lock files races).
 */
final class DataDirectoryLock implements AutoCloseable {
    static final String FILE = "permafrost.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DataDirectoryLock acquire(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            Files.createDirectories(dataDir);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new DataDirectoryRefused("Another Permafrost process (a server, or recover) is using "
                        + dataDir.toAbsolutePath() + " (it holds " + file.toAbsolutePath() + "). Stop it first.");
            }
            return new DataDirectoryLock(channel, lock);
        } catch (IOException e) {
            throw new DataDirectoryRefused("Cannot lock " + file.toAbsolutePath() + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // Closing the channel releases the lock either way.
        }
    }
}
