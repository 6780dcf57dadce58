package io.permafrost.store.embedded;

import io.permafrost.audit.ChainAppender;
import io.permafrost.audit.PendingAudit;
import org.sqlite.SQLiteConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SQLite in WAL mode with synchronous=FULL, shared by the embedded stores.
 *
 * <p>Writes go through one writer thread that groups whatever is queued into one transaction (one
 * fsync for many concurrent writers: group commit). Each write runs inside its own savepoint, so a
 * write that fails rolls back alone; its caller gets the exception and the others still commit.
 * A write returns only after its transaction is durable. Reads use a small pool of connections,
 * which WAL lets run beside the writer.
 *
 * <p>Read-your-writes: in WAL mode a connection reads from the snapshot its read transaction started
 * on, and a statement or result set left open keeps that transaction (and so an old snapshot) alive
 * for the next borrower of the connection. So each read is one transaction of its own: before the
 * connection goes back to the pool every statement the read opened is closed and the transaction is
 * rolled back ({@link ReadConnection}); a connection that cannot end its read is replaced, never
 * handed out again. A read thus sees one consistent snapshot, taken at its first statement, that holds
 * every write acknowledged before the read began.
 */
public final class SqliteDatabase implements AutoCloseable {
    private static final int MAX_BATCH = 256;

    private final String url;
    private final BlockingQueue<ReadConnection> readers;
    private final List<ReadConnection> allReaders = new ArrayList<>();
    private final LinkedBlockingQueue<WriteTask<?>> writes = new LinkedBlockingQueue<>();
    private final Connection writer;
    /** Appends audit records on {@link #writer}, the only appender while this server runs. */
    private final ChainAppender auditChain;
    private final Thread writerThread;
    private volatile boolean closed;
    /** Group transactions committed: each one an fsync of the WAL (synchronous=FULL). */
    private final AtomicLong commits = new AtomicLong();

    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** @param audit the audit record to append at the end of this write's savepoint, or null */
    private record WriteTask<T>(SqlWork<T> work, PendingAudit audit, CompletableFuture<T> result) {
    }

    public SqliteDatabase(Path file, int readerCount) {
        this(file, readerCount, () -> {
        });
    }

    /**
     * {@code beforeNewSchema} runs when the file is missing or holds no schema yet, before anything
     * creates one; it throws to refuse (a data directory whose metadata was lost must not start empty).
     */
    public SqliteDatabase(Path file, int readerCount, Runnable beforeNewSchema) {
        this.url = "jdbc:sqlite:" + file.toAbsolutePath();
        if (!Files.exists(file)) {
            beforeNewSchema.run();
        }
        try {
            writer = openWriter();
            if (SchemaMigrations.currentVersion(writer) == 0) {
                try {
                    beforeNewSchema.run();
                } catch (RuntimeException refused) {
                    closeQuietly(writer);
                    throw refused;
                }
            }
            SchemaMigrations.apply(writer);
            readers = new ArrayBlockingQueue<>(readerCount);
            for (int i = 0; i < readerCount; i++) {
                readers.add(openReader());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open metadata database " + file + ": " + e.getMessage(), e);
        }
        auditChain = ChainAppender.soleWriter(writer);
        writerThread = new Thread(this::writeLoop, "sqlite-writer");
        writerThread.setDaemon(true);
        writerThread.start();
    }

    private Connection open() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        // Nothing here reads generated keys; left on, the driver runs a second query after every INSERT
        // (a fifth of the writer thread's time in an upload, more with its audit record).
        config.setGetGeneratedKeys(false);
        Connection connection = DriverManager.getConnection(url, config.toProperties());
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            // FULL: NORMAL may lose acknowledged commits on power loss.
            st.execute("PRAGMA synchronous=FULL");
            st.execute("PRAGMA foreign_keys=ON");
            st.execute("PRAGMA busy_timeout=10000");
        }
        return connection;
    }

    /**
     * The one connection that writes, tuned for the group transaction it runs ({@link #runBatch}):
     * <ul>
     * <li>{@code temp_store=MEMORY}: every write runs in a savepoint of the group transaction, and SQLite
     * keeps the pages a savepoint may have to restore in a statement journal that spills to a temporary
     * file past 64 KiB. A group of a dozen small uploads passed that in nearly every transaction: a file
     * created, written page by page and unlinked per commit, half the writer's {@code pwrite} calls
     * (strace, 16-client 1 KiB uploads). That journal, and the TEMP triggers' schema, now stay in memory:
     * they only ever serve a rollback of the running transaction (a crash is recovered from the WAL), and
     * what they hold is bounded by what one transaction changes. No write sorts or builds temporary tables
     * large enough to matter here; reads, which might, run on the pooled connections.</li>
     * <li>{@code cache_size}: 16 MiB of page cache instead of SQLite's 2 MiB, so that the random leaves
     * of the archive and blob id indexes a stream of uploads touches are found in memory rather than read
     * back from the WAL or the database file per insert.</li>
     * </ul>
     */
    private Connection openWriter() throws SQLException {
        Connection connection = open();
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA temp_store=MEMORY");
            st.execute("PRAGMA cache_size=-16384");
        }
        return connection;
    }

    /** A reader outside autocommit, so that everything one read does is one transaction the pool can end. */
    private ReadConnection openReader() throws SQLException {
        Connection connection = open();
        connection.setAutoCommit(false);
        ReadConnection reader = new ReadConnection(connection);
        synchronized (allReaders) {
            allReaders.add(reader);
        }
        return reader;
    }

    /** Runs a read on a pooled connection, as one transaction: all its statements see the same snapshot. */
    public <T> T read(SqlWork<T> work) {
        ReadConnection reader;
        try {
            reader = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for a database connection", e);
        }
        try {
            return work.run(reader.view());
        } catch (SQLException e) {
            throw new IllegalStateException("metadata read failed: " + e.getMessage(), e);
        } finally {
            readers.add(endRead(reader));
        }
    }

    /**
     * Ends the read (its statements and transaction) so the next borrower starts from the newest
     * snapshot; returns the connection to the pool, or a fresh one when this one cannot prove it has let
     * go of its snapshot.
     */
    private ReadConnection endRead(ReadConnection reader) {
        try {
            reader.end();
            return reader;
        } catch (SQLException e) {
            synchronized (allReaders) {
                allReaders.remove(reader);
            }
            reader.discard();
            try {
                return openReader();
            } catch (SQLException reopen) {
                throw new IllegalStateException("cannot reopen a metadata reader: " + reopen.getMessage(), reopen);
            }
        }
    }

    /** Runs a write in its own savepoint of the next group transaction and waits until it is durable. */
    public <T> T write(SqlWork<T> work) {
        if (closed) {
            throw new IllegalStateException("metadata database is closed");
        }
        // Claimed here, on the caller's thread: the work itself runs on the writer thread.
        WriteTask<T> task = new WriteTask<>(work, PendingAudit.claim(), new CompletableFuture<>());
        writes.add(task);
        try {
            return task.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for a metadata commit", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("metadata write failed: " + cause.getMessage(), cause);
        }
    }

    private void writeLoop() {
        List<WriteTask<?>> batch = new ArrayList<>();
        while (!closed || !writes.isEmpty()) {
            try {
                WriteTask<?> first = writes.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                writes.drainTo(batch, MAX_BATCH - 1);
                runBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void runBatch(List<WriteTask<?>> batch) {
        Object[] results = new Object[batch.size()];
        Throwable[] failures = new Throwable[batch.size()];
        try (Statement st = writer.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            auditChain.transactionBegun();
            for (int i = 0; i < batch.size(); i++) {
                WriteTask<?> task = batch.get(i);
                if (task.audit == null) {
                    // A write without a record may read the audit head (a checkpoint does): bring it up to date.
                    auditChain.headWritten();
                }
                st.execute("SAVEPOINT w");
                auditChain.savepointSet();
                try {
                    results[i] = task.work.run(writer);
                    if (task.audit != null) {
                        // In the same savepoint: the change and its audit record commit or roll back together.
                        task.audit.appendIn(auditChain, results[i]);
                    }
                    st.execute("RELEASE w");
                } catch (Exception | Error e) {
                    failures[i] = e;
                    st.execute("ROLLBACK TO w");
                    st.execute("RELEASE w");
                    auditChain.savepointRolledBack();
                }
            }
            // One write of the head row for all the records this transaction appended.
            auditChain.headWritten();
            st.execute("COMMIT");
            commits.incrementAndGet();
        } catch (SQLException e) {
            try (Statement st = writer.createStatement()) {
                st.execute("ROLLBACK");
            } catch (SQLException ignored) {
                // Nothing was committed either way; the callers below learn the original failure.
            }
            for (WriteTask<?> task : batch) {
                task.result.completeExceptionally(new IllegalStateException("metadata commit failed: " + e.getMessage(), e));
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), results[i], failures[i]);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(WriteTask<T> task, Object result, Throwable failure) {
        if (failure != null) {
            task.result.completeExceptionally(failure);
        } else {
            task.result.complete((T) result);
        }
    }

    /** How many durable commits the writer has made so far (what a small upload's cost is counted in). */
    long commitCount() {
        return commits.get();
    }

    @Override
    public void close() {
        closed = true;
        try {
            writerThread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (WriteTask<?> task : writes) {
            task.result.completeExceptionally(new IllegalStateException("metadata database is closed"));
        }
        auditChain.close();
        closeQuietly(writer);
        synchronized (allReaders) {
            allReaders.forEach(ReadConnection::discard);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing at shutdown: there is nothing left to save.
        }
    }
}
