package io.permafrost.vault;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.permafrost.glacier.GlacierDates;
import io.permafrost.glacier.TreeHash;
import io.permafrost.store.ArchiveRecord;
import io.permafrost.store.ArchiveStore;
import io.permafrost.store.BlobStore;
import io.permafrost.store.InventorySnapshotStore.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The archives of a stored snapshot (a whole JSON inventory, spec 11.1), read back with Jackson's
 * streaming parser one archive at a time, so memory stays constant whatever the archive count.
 * The snapshot is already in inventory order; filters and the resume position are applied here. The
 * snapshot is held against its recorded tree hash before a scan ends, so a damaged one makes no inventory.
 */
final class SnapshotArchives implements InventorySource {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotArchives.class);

    private final BlobStore blobs;
    private final ArchiveStore positions;
    private final Snapshot snapshot;

    /** {@code positions} only interprets resume keys, so markers mean the same in both modes. */
    SnapshotArchives(BlobStore blobs, ArchiveStore positions, Snapshot snapshot) {
        this.blobs = blobs;
        this.positions = positions;
        this.snapshot = snapshot;
    }

    @Override
    public void scan(Instant from, Instant to, String afterKey, long limit, Consumer<ArchiveRecord> sink)
            throws IOException {
        try (HashingInput in = new HashingInput(blobs.open(snapshot.blobId(), 0, snapshot.size()));
             JsonParser json = FACTORY.createParser(in)) {
            handOut(json, from, to, afterKey, limit, sink);
            // What was handed out becomes an inventory only if the whole snapshot is as it was written:
            // the caller commits nothing when this throws.
            in.readToEndAndCheck(snapshot.treeHash());
        } catch (JsonProcessingException e) {
            // Snapshots are written by the server as valid JSON: one that no longer parses was damaged.
            throw new DamagedAtRest("the inventory snapshot of vault " + snapshot.vaultId() + " is not valid JSON", e);
        }
    }

    private void handOut(JsonParser json, Instant from, Instant to, String afterKey, long limit,
                         Consumer<ArchiveRecord> sink) throws IOException {
        long handed = 0;
        toArchiveList(json);
        while (json.nextToken() == JsonToken.START_OBJECT) {
            ArchiveRecord archive = archive(json);
            if (from != null && archive.creationDate().isBefore(from)
                    || to != null && !archive.creationDate().isBefore(to)
                    || afterKey != null && !positions.isAfter(archive, afterKey)) {
                continue;
            }
            sink.accept(archive);
            if (++handed == limit) {
                return;
            }
        }
    }

    /** Tree-hashes every byte read through it, so the snapshot can be held against its recorded tree hash. */
    private final class HashingInput extends FilterInputStream {
        private final TreeHash hash = new TreeHash();

        HashingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                hash.update(buffer, offset, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // Skipped bytes are read (and hashed) too: the check covers every byte of the snapshot.
            byte[] skipped = new byte[(int) Math.min(n, 8192)];
            int read = read(skipped, 0, skipped.length);
            return Math.max(read, 0);
        }

        void readToEndAndCheck(String recorded) throws IOException {
            byte[] rest = new byte[64 * 1024];
            while (read(rest, 0, rest.length) >= 0) {
                // hashed by read
            }
            if (!hash.hexDigest().equalsIgnoreCase(recorded)) {
                LOG.error("inventory snapshot of vault {} (blob {}) is damaged at rest: it does not match its tree "
                        + "hash {}; no inventory is made from it", snapshot.vaultId(), snapshot.blobId(), recorded);
                throw new DamagedAtRest("the inventory snapshot of vault " + snapshot.vaultId()
                        + " does not match its tree hash");
            }
        }
    }

    private static void toArchiveList(JsonParser json) throws IOException {
        for (JsonToken token = json.nextToken(); token != null; token = json.nextToken()) {
            if (token == JsonToken.FIELD_NAME && "ArchiveList".equals(json.currentName())) {
                if (json.nextToken() != JsonToken.START_ARRAY) {
                    break;
                }
                return;
            }
        }
        throw new DamagedAtRest("an inventory snapshot has no ArchiveList");
    }

    private ArchiveRecord archive(JsonParser json) throws IOException {
        String id = null;
        String description = null;
        Instant created = null;
        long size = 0;
        String treeHash = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            json.nextToken();
            switch (field) {
                case "ArchiveId" -> id = json.getText();
                case "ArchiveDescription" -> description = json.getText();
                case "CreationDate" -> created = GlacierDates.parseOrNull(json.getText());
                case "Size" -> size = json.getLongValue();
                case "SHA256TreeHash" -> treeHash = json.getText();
                default -> json.skipChildren();
            }
        }
        if (id == null || created == null || treeHash == null) {
            throw new DamagedAtRest("inventory snapshot of vault " + snapshot.vaultId() + " holds an incomplete archive");
        }
        return new ArchiveRecord(id, snapshot.vaultId(), description, size, treeHash, created, List.of());
    }
}
