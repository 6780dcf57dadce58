package io.permafrost.migrate;

import io.permafrost.glacier.TreeHash;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.GetJobOutputResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A retrieval job's whole output as one stream, fetched from the source range by range (GetJobOutput with a
 * Range). Each range is written to a spool file while its tree hash is computed; when the source sends the
 * range's x-amz-sha256-tree-hash (it does for MiB-power-of-two aligned ranges) a range that does not match is
 * fetched again, before any of its bytes go on. Memory holds one copy buffer whatever the archive's size; disk
 * holds one range.
 */
final class RangedJobOutput extends InputStream {
    private static final int BUFFER = 256 * 1024;

    private final GlacierClient source;
    private final TransientRetry retry;
    private final String vault;
    private final String jobId;
    private final long size;
    private final long rangeSize;
    private final Path spool;
    private final int attemptsPerRange;
    private final MigrationCounters counters;
    private long nextOffset;
    private InputStream current;
    private RuntimeException sourceFailure;

    RangedJobOutput(GlacierClient source, TransientRetry retry, String vault, String jobId, long size, long rangeSize,
                    Path spool, int attemptsPerRange, MigrationCounters counters) {
        this.source = source;
        this.retry = retry;
        this.vault = vault;
        this.jobId = jobId;
        this.size = size;
        this.rangeSize = rangeSize;
        this.spool = spool;
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
            if (nextOffset >= size) {
                return -1;
            }
            fetchNextRange();
        }
    }

    private void fetchNextRange() throws IOException {
        long first = nextOffset;
        long last = Math.min(first + rangeSize, size) - 1;
        String why = null;
        for (int attempt = 1; attempt <= attemptsPerRange; attempt++) {
            if (attempt > 1) {
                counters.rangesRefetched.incrementAndGet();
            }
            try {
                why = spoolRange(first, last);
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
                nextOffset = last + 1;
                current = Files.newInputStream(spool);
                return;
            }
        }
        sourceFailure = new SourceUnavailable("GetJobOutput " + jobId, new IllegalStateException(why));
        throw new IOException(sourceFailure.getMessage());
    }

    /** Writes bytes {@code first..last} to the spool; returns null when they are whole and verified, else why not. */
    private String spoolRange(long first, long last) throws IOException {
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
    }
}
