package io.permafrost.store.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Copies committed pages from the WAL into the database file on a thread and connection of its own,
 * so that the single writer does not. Left to SQLite, the checkpoint runs inside whichever commit first
 * finds the WAL past 1,000 pages: on the writer thread every other write waits for, reading each page
 * back from the WAL, writing it into the database file and fsyncing that (under 16-client 1 KiB
 * uploads, 11,432 of the writer's 46,322 pwrite calls in 3 s, and as many preads).
 *
 * <p>PASSIVE: it never waits for the writer or a reader and never makes them wait; it copies what no
 * reader still needs and leaves the rest for its next pass. Durability does not depend on it (a commit
 * is durable once its WAL frames are fsynced). If this thread falls behind or fails, the writer's own
 * automatic checkpoint, set much higher ({@link #WRITER_BACKSTOP_PAGES}), still bounds the WAL.
 */
final class WalCheckpointer implements AutoCloseable {
    /** The writer's own checkpoint threshold while this runs: ~40 MiB of WAL, a backstop only. */
    static final int WRITER_BACKSTOP_PAGES = 10_000;
    /** Between passes: at a few thousand uploads a second a pass copies a few thousand pages. */
    private static final long PAUSE_MS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);

    private final Connection connection;
    private final Thread thread;
    private volatile boolean closed;

    WalCheckpointer(Connection connection) {
        this.connection = connection;
        this.thread = new Thread(this::loop, "wal-checkpoint");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void loop() {
        boolean warned = false;
        while (!closed) {
            try {
                checkpoint();
                warned = false;
                Thread.sleep(PAUSE_MS);
            } catch (InterruptedException e) {
                return;
            } catch (SQLException e) {
                if (closed) {
                    return;
                }
                if (!warned) {
                    LOG.warn("background WAL checkpoint failed (the writer's own checkpoint still bounds the WAL): {}",
                            e.getMessage());
                    warned = true;
                }
                pause();
            }
        }
    }

    /** One passive checkpoint; returns the WAL frames it could not copy yet (a reader still needs them). */
    int checkpoint() throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            if (!rs.next()) {
                return 0;
            }
            int logFrames = rs.getInt(2);
            int copied = rs.getInt(3);
            return Math.max(0, logFrames - copied);
        }
    }

    private void pause() {
        try {
            Thread.sleep(PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // The writer's connection, closed after this one, checkpoints what is left.
        }
    }
}
