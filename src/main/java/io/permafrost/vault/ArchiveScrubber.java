package io.permafrost.vault;

import io.permafrost.glacier.LeafHashes;
import io.permafrost.glacier.TreeHash;
import io.permafrost.store.ArchiveRecord;
import io.permafrost.store.BlobSegment;
import io.permafrost.store.BlobStore;
import io.permafrost.store.MetadataStore;
import io.permafrost.store.VaultRecord;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Re-verifies every archive at rest: each MiB chunk against its recorded hash (so a report names the
 * damaged MiBs; blobs stored before chunk hashes were recorded are only checked whole), each blob
 * segment against its own tree hash, and the archive against its recorded tree hash (combined from
 * the segment hashes, which are nodes of its tree).
 * Read-only; streams the bytes, so memory does not grow with archive size.
 */
public final class ArchiveScrubber {
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

    /** Null when the archive's bytes match every recorded hash, else what is wrong (naming damaged MiBs when known). */
    String verify(ArchiveRecord archive) {
        List<byte[]> segmentHashes = new ArrayList<>();
        long total = 0;
        byte[] buffer = null;
        for (BlobSegment segment : archive.segments()) {
            if (buffer == null || buffer.length < Math.min(BlobChunks.CHUNK, segment.length())) {
                buffer = new byte[(int) Math.min(BlobChunks.CHUNK, Math.max(1, segment.length()))];
            }
            LeafHashes leaves = segment.leaves();
            if (leaves != null && !leaves.addUpTo(segment.length(), segment.treeHash())) {
                return "blob " + segment.blobId() + ": its recorded chunk hashes do not add up to its tree hash "
                        + segment.treeHash();
            }
            TreeHash hash = new TreeHash();
            List<String> damagedChunks = new ArrayList<>();
            try (BlobChunks chunks = BlobChunks.open(blobs, segment.blobId(), segment.length(), 0,
                    BlobChunks.count(segment.length()) - 1)) {
                while (chunks.hasNext()) {
                    long chunk = chunks.nextIndex();
                    int expected = chunks.lengthOf(chunk);
                    int read = chunks.read(buffer);
                    if (read < expected) {
                        return "blob " + segment.blobId() + " holds " + (chunk * BlobChunks.CHUNK + read)
                                + " bytes, expected " + segment.length();
                    }
                    hash.update(buffer, 0, read);
                    if (leaves != null && !leaves.matches((int) chunk, chunks.digest())) {
                        long from = total + chunk * BlobChunks.CHUNK;
                        damagedChunks.add("MiB " + (from / BlobChunks.CHUNK) + " (archive bytes " + from + "-"
                                + (from + read - 1) + ")");
                    }
                }
            } catch (IOException e) {
                return "blob " + segment.blobId() + " unreadable: " + e.getMessage();
            }
            if (!damagedChunks.isEmpty()) {
                return "blob " + segment.blobId() + ": " + String.join(", ", damagedChunks)
                        + " do not match their recorded hashes";
            }
            byte[] digest = hash.digest();
            if (!TreeHash.toHex(digest).equalsIgnoreCase(segment.treeHash())) {
                return "blob " + segment.blobId() + " tree hash " + TreeHash.toHex(digest) + " != recorded "
                        + segment.treeHash();
            }
            segmentHashes.add(digest);
            total += segment.length();
        }
        if (total != archive.size()) {
            return "archive holds " + total + " bytes, recorded size " + archive.size();
        }
        String whole = TreeHash.toHex(TreeHash.combine(segmentHashes));
        return whole.equalsIgnoreCase(archive.treeHash()) ? null
                : "archive tree hash " + whole + " != recorded " + archive.treeHash();
    }
}
