package io.permafrost.vault;

import io.permafrost.glacier.TreeHash;
import io.permafrost.store.ArchiveRecord;
import io.permafrost.store.BlobSegment;
import io.permafrost.store.BlobStore;
import io.permafrost.store.MetadataStore;
import io.permafrost.store.VaultRecord;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Re-verifies every archive at rest: each blob segment against its own tree hash, and the archive
 * against its recorded tree hash (combined from the segment hashes, which are nodes of its tree).
 * Read-only; streams the bytes, so memory does not grow with archive size.
 */
public final class ArchiveScrubber {
    private static final int BUFFER = 1024 * 1024;

    private final MetadataStore store;
    private final BlobStore blobs;

    public ArchiveScrubber(MetadataStore store, BlobStore blobs) {
        this.store = store;
        this.blobs = blobs;
    }

    /** One archive that failed verification. */
    public record Damage(String accountId, String vaultName, String archiveId, String problem) {
    }

    public record Report(long archives, long bytes, List<Damage> damaged) {
    }

    public Report scrub(Consumer<Damage> onDamage) {
        long[] counts = new long[2];
        List<Damage> damaged = new ArrayList<>();
        for (VaultRecord vault : store.vaults().all()) {
            // Verified while the scan streams: nothing per archive is kept, whatever the vault holds.
            store.archives().scan(vault.id(), null, null, null, 0, listed ->
                    store.archives().find(vault.id(), listed.archiveId()).ifPresent(archive -> {
                        counts[0]++;
                        counts[1] += archive.size();
                        String problem = verify(archive);
                        if (problem != null) {
                            Damage damage = new Damage(vault.accountId(), vault.name(), archive.archiveId(), problem);
                            damaged.add(damage);
                            onDamage.accept(damage);
                        }
                    }));
        }
        return new Report(counts[0], counts[1], damaged);
    }

    /** Null when the archive's bytes match every recorded hash, else what is wrong. */
    String verify(ArchiveRecord archive) {
        List<byte[]> segmentHashes = new ArrayList<>();
        long total = 0;
        byte[] buffer = new byte[BUFFER];
        for (BlobSegment segment : archive.segments()) {
            TreeHash hash = new TreeHash();
            long read = 0;
            try (InputStream in = blobs.open(segment.blobId(), 0, segment.length())) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    hash.update(buffer, 0, n);
                    read += n;
                }
            } catch (IOException e) {
                return "blob " + segment.blobId() + " unreadable: " + e.getMessage();
            }
            if (read != segment.length()) {
                return "blob " + segment.blobId() + " holds " + read + " bytes, expected " + segment.length();
            }
            byte[] digest = hash.digest();
            if (!TreeHash.toHex(digest).equalsIgnoreCase(segment.treeHash())) {
                return "blob " + segment.blobId() + " tree hash " + TreeHash.toHex(digest) + " != recorded "
                        + segment.treeHash();
            }
            segmentHashes.add(digest);
            total += read;
        }
        if (total != archive.size()) {
            return "archive holds " + total + " bytes, recorded size " + archive.size();
        }
        String whole = TreeHash.toHex(TreeHash.combine(segmentHashes));
        return whole.equalsIgnoreCase(archive.treeHash()) ? null
                : "archive tree hash " + whole + " != recorded " + archive.treeHash();
    }
}
