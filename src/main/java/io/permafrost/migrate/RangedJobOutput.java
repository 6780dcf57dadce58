package io.permafrost.migrate;

import io.permafrost.glacier.TreeHash;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.GetJobOutputResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A retrieval job's whole output as one stream, fetched from the source range by range (GetJobOutput with a
 * Range). Each range is written to a spool file while its tree hash is computed; when the source sends the
 * range's x-amz-sha256-tree-hash (it does for MiB-power-of-two aligned ranges) a range that does not match is
 * fetched again, before any of its bytes go on. While one range is read out of its spool, the next one is
 * already being fetched into a second spool file (by a thread of this stream's own), so the source and the
 * destination work at the same time instead of taking turns. Memory holds one copy buffer per thread whatever
 * the archive's size; disk holds two ranges.
 */
final class RangedJobOutput extends InputStream {
    private static final int BUFFER = 256 * 1024;

    private final GlacierClient source;
    private final TransientRetry retry;
    private final String vault;
    private final String jobId;
    private final long size;
    private final long rangeSize;
    /** Two spool files taken in turn: the range being read, and the next one being fetched. */
    private final Path[] spools;
    private final int attemptsPerRange;
    private final MigrationCounters counters;
    /** Where the next range to fetch starts, and which spool file it goes to. */
    private long nextOffset;
    private int nextSpool;
    private InputStream current;
    /** The next range, being fetched ahead; null when none is. */
    private Future<Path> ahead;
    private ExecutorService fetcher;
    private volatile RuntimeException sourceFailure;

    RangedJobOutput(GlacierClient source, TransientRetry retry, String vault, String jobId, long size, long rangeSize,
                    Path spool, int attemptsPerRange, MigrationCounters counters) {
        this.source = source;
        this.retry = retry;
        this.vault = vault;
        this.jobId = jobId;
        this.size = size;
        this.rangeSize = rangeSize;
        this.spools = new Path[] {spool, spool.resolveSibling(spool.getFileName() + ".next")};
        this.attemptsPerRange = attemptsPerRange;
        this.counters = counters;
    }

    /** Why the source could not deliver the output (every retry spent), or null: tells a source fault from the intake's. */
    RuntimeException sourceFailure() {
        return sourceFailure;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        while (true) {
            if (current != null) {
                int n = current.read(buffer, offset, length);
                if (n >= 0) {
                    return n;
                }
                current.close();
                current = null;
            }
            Path ready;
            if (ahead != null) {
                ready = awaitAhead();
            } else if (nextOffset < size) {
                // Nothing fetched ahead (the first range): fetched here, so a one-range archive needs no thread.
                ready = fetchNext().call();
            } else {
                return -1;
            }
            current = Files.newInputStream(ready);
            if (nextOffset < size) {
                ahead = fetcher().submit(fetchNext());
            }
        }
    }

    /** The next range's fetch, claiming its bytes and its spool file now (in the reading thread). */
    private Fetch fetchNext() {
        long first = nextOffset;
        long last = Math.min(first + rangeSize, size) - 1;
        Path into = spools[nextSpool];
        nextSpool = 1 - nextSpool;
        nextOffset = last + 1;
        return () -> {
            fetchRange(first, last, into);
            return into;
        };
    }

    /** A range's fetch: its spool file once the range is whole and verified. */
    private interface Fetch extends Callable<Path> {
        @Override
        Path call() throws IOException;
    }

    private Path awaitAhead() throws IOException {
        try {
            return ahead.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for bytes of job " + jobId);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? new IOException(io.getMessage(), io)
                    : new IOException(e.getCause());
        } finally {
            ahead = null;
        }
    }

    private ExecutorService fetcher() {
        if (fetcher == null) {
            fetcher = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "migrate-range-ahead");
                t.setDaemon(true);
                return t;
            });
        }
        return fetcher;
    }

    /** Fetches bytes {@code first..last} into {@code spool}, again while they arrive damaged or cut short. */
    private void fetchRange(long first, long last, Path spool) throws IOException {
        String why = null;
        for (int attempt = 1; attempt <= attemptsPerRange; attempt++) {
            if (attempt > 1) {
                counters.rangesRefetched.incrementAndGet();
            }
            try {
                why = spoolRange(first, last, spool);
            } catch (SourceUnavailable e) {
                sourceFailure = e;
                throw new IOException(e.getMessage(), e);
            } catch (IOException | RuntimeException e) {
                if (e instanceof RuntimeException r && !Failures.retryable(r)) {
                    sourceFailure = r;
                    throw new IOException(Failures.describe(r), r);
                }
                why = "bytes " + first + "-" + last + " cut short: " + Failures.describe(e);
            }
            if (why == null) {
                return;
            }
        }
        sourceFailure = new SourceUnavailable("GetJobOutput " + jobId, new IllegalStateException(why));
        throw new IOException(sourceFailure.getMessage());
    }

    /** Writes bytes {@code first..last} to the spool; returns null when they are whole and verified, else why not. */
    private String spoolRange(long first, long last, Path spool) throws IOException {
        try (ResponseInputStream<GetJobOutputResponse> body = retry.call("GetJobOutput " + jobId,
                () -> source.getJobOutput(b -> b.accountId("-").vaultName(vault).jobId(jobId)
                        .range("bytes=" + first + "-" + last)));
             OutputStream out = Files.newOutputStream(spool, StandardOpenOption.CREATE,
                     StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            TreeHash hash = new TreeHash();
            byte[] buffer = new byte[BUFFER];
            long copied = 0;
            for (int n; (n = body.read(buffer)) >= 0; ) {
                hash.update(buffer, 0, n);
                out.write(buffer, 0, n);
                copied += n;
            }
            counters.bytesTransferred.addAndGet(copied);
            if (copied != last - first + 1) {
                return "bytes " + first + "-" + last + ": the source sent " + copied + " bytes";
            }
            String expected = body.response().checksum();
            if (expected != null && !expected.equals(hash.hexDigest())) {
                return "bytes " + first + "-" + last + ": tree hash " + hash.hexDigest() + ", the source says " + expected;
            }
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        if (current != null) {
            current.close();
            current = null;
        }
        if (ahead != null) {
            ahead.cancel(true);
            ahead = null;
        }
        if (fetcher != null) {
            fetcher.shutdownNow();
        }
        // The first spool file is the caller's to delete; the second is this stream's.
        Files.deleteIfExists(spools[1]);
    }
}
