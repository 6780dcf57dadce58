package io.permafrost.vault;

import io.permafrost.glacier.GlacierDates;
import io.permafrost.store.ArchiveRecord;
import io.permafrost.store.ArchiveStore;
import io.permafrost.store.BlobStore;
import io.permafrost.store.BlobStore.BlobWriter;
import io.permafrost.store.JobRecord.InventoryOutput;
import io.permafrost.store.JobRecord.InventoryRetrieval;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Renders an inventory (spec 11.3): streams the archives of a source (the metadata store, or a stored
 * snapshot in scheduled mode) through the format's writer into a new blob, applying
 * StartDate/EndDate/Limit/Marker. Memory stays constant whatever the archive count; the caller owns
 * the committed blob.
 */
final class InventoryGenerator {
    private final ArchiveStore archives;
    private final BlobStore blobs;

    InventoryGenerator(ArchiveStore archives, BlobStore blobs) {
        this.archives = archives;
        this.blobs = blobs;
    }

    /** The stored output and where the next page starts (null when every matching archive is in it). */
    record Generated(InventoryOutput output, String nextMarker) {
    }

    Generated generate(InventorySource source, String vaultArn, InventoryRetrieval request, Instant inventoryDate)
            throws IOException {
        Instant from = GlacierDates.parseOrNull(request.startDate());
        Instant to = GlacierDates.parseOrNull(request.endDate());
        long limit = request.limit() == null ? 0 : Long.parseLong(request.limit().trim());
        try (BlobWriter writer = blobs.create()) {
            InventoryBlobSink sink = new InventoryBlobSink(writer);
            BufferedOutputStream buffered = new BufferedOutputStream(sink, 64 * 1024);
            Page page = new Page(limit);
            try (InventoryWriter inventory = InventoryWriter.forFormat(request.format(), buffered)) {
                inventory.begin(vaultArn, inventoryDate);
                // One more than the limit tells whether another page exists, without a second query.
                source.scan(from, to, request.marker(), limit == 0 ? 0 : limit + 1, archive -> {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new UncheckedIOException(new InterruptedIOException("inventory interrupted"));
                    }
                    if (page.isFull()) {
                        page.more = true;
                        return;
                    }
                    try {
                        inventory.archive(archive);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    page.written++;
                    page.last = archive;
                });
                inventory.end();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            buffered.flush();
            String blobId = writer.commit();
            String next = page.more ? archives.scanKey(page.last) : null;
            return new Generated(new InventoryOutput(blobId, sink.size(), sink.treeHash()), next);
        }
    }

    private static final class Page {
        private final long limit;
        long written;
        ArchiveRecord last;
        boolean more;

        Page(long limit) {
            this.limit = limit;
        }

        boolean isFull() {
            return limit > 0 && written >= limit;
        }
    }
}
