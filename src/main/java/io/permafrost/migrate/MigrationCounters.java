package io.permafrost.migrate;

import java.util.concurrent.atomic.AtomicLong;

/** What the progress display shows: archives and bytes to do and done, and how often the source had to be retried. */
final class MigrationCounters {
    final AtomicLong archivesTotal = new AtomicLong();
    final AtomicLong bytesTotal = new AtomicLong();
    final AtomicLong archivesDone = new AtomicLong();
    final AtomicLong bytesDone = new AtomicLong();
    /** Bytes fetched from the source in this run: the rate (and so the ETA) is measured over these. */
    final AtomicLong bytesTransferred = new AtomicLong();
    final AtomicLong archivesFailed = new AtomicLong();
    final AtomicLong sourceRetries = new AtomicLong();
    final AtomicLong rangesRefetched = new AtomicLong();

    void sourceRetried() {
        sourceRetries.incrementAndGet();
    }
}
