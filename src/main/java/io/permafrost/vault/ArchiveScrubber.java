package io.permafrost.vault;

import io.permafrost.glacier.LeafHashes;
import io.permafrost.glacier.TreeHash;
import io.permafrost.store.ArchiveRecord;
import io.permafrost.store.BlobSegment;
import io.permafrost.store.BlobStore;
import io.permafrost.store.MetadataStore;
import io.permafrost.store.ScrubResult;
import io.permafrost.store.VaultRecord;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Re-verifies every archive at rest: each MiB chunk against its recorded hash (so a report names the
 * damaged MiBs; blobs stored before chunk hashes were recorded are only checked whole), each blob
 * segment against its own tree hash, and the archive against its recorded tree hash (combined from
 * the segment hashes, which are nodes of its tree).
 * Streams the bytes, so memory does not grow with archive size. Writes nothing but each archive's
 * {@link ScrubResult} (when, what it found, the hash it computed), dated on the compliance clock, for
 * the evidence bundle.
 */
public final class ArchiveScrubber {
    private final MetadataStore store;
    private final BlobStore blobs;
    /** The compliance clock each result is dated on. */
    private final Clock clock;

    public ArchiveScrubber(MetadataStore store, BlobStore blobs, Clock clock) {
        this.store = store;
        this.blobs = blobs;
        this.clock = clock;
    }

    /** One archive that failed verification. */
    public record Damage(String accountId, String vaultName, String archiveId, String problem) {
    }

    public record Report(long archives, long bytes, List<Damage> damaged) {
    }

    /** What verifying one archive found: null problem when OK; the tree hash of the bytes read, null if not all were. */
    record Verification(String problem, ScrubResult.Outcome outcome, String computedHash) {
        static Verification missing(String problem) {
            return new Verification(problem, ScrubResult.Outcome.MISSING, null);
        }
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
                        Verification verification = verify(archive);
                        store.evidence().recordScrub(archive.archiveId(), new ScrubResult(clock.instant(),
                                verification.outcome(), verification.computedHash()));
                        if (verification.problem() != null) {
                            Damage damage = new Damage(vault.accountId(), vault.name(), archive.archiveId(),
                                    verification.problem());
                            damaged.add(damage);
                            onDamage.accept(damage);
                        }
                    }));
        }
        return new Report(counts[0], counts[1], damaged);
    }

    /**
     * Whether the archive's bytes match every recorded hash; the first problem found otherwise (naming damaged
     * MiBs when known). Reads on past a mismatch so that the result carries the hash the bytes really have.
     */
    Verification verify(ArchiveRecord archive) {
        List<byte[]> segmentHashes = new ArrayList<>();
        String problem = null;
        long total = 0;
        byte[] buffer = null;
        for (BlobSegment segment : archive.segments()) {
            if (buffer == null || buffer.length < Math.min(BlobChunks.CHUNK, segment.length())) {
                buffer = new byte[(int) Math.min(BlobChunks.CHUNK, Math.max(1, segment.length()))];
            }
            LeafHashes leaves = segment.leaves();
            if (problem == null && leaves != null && !leaves.addUpTo(segment.length(), segment.treeHash())) {
                problem = "blob " + segment.blobId() + ": its recorded chunk hashes do not add up to its tree hash "
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
                        return Verification.missing("blob " + segment.blobId() + " holds "
                                + (chunk * BlobChunks.CHUNK + read) + " bytes, expected " + segment.length());
                    }
                    hash.update(buffer, 0, read);
                    if (leaves != null && !leaves.matches((int) chunk, chunks.digest())) {
                        long from = total + chunk * BlobChunks.CHUNK;
                        damagedChunks.add("MiB " + (from / BlobChunks.CHUNK) + " (archive bytes " + from + "-"
                                + (from + read - 1) + ")");
                    }
                }
            } catch (IOException e) {
                return Verification.missing("blob " + segment.blobId() + " unreadable: " + e.getMessage());
            }
            byte[] digest = hash.digest();
            if (problem == null && !damagedChunks.isEmpty()) {
                problem = "blob " + segment.blobId() + ": " + String.join(", ", damagedChunks)
                        + " do not match their recorded hashes";
            }
            if (problem == null && !TreeHash.toHex(digest).equalsIgnoreCase(segment.treeHash())) {
                problem = "blob " + segment.blobId() + " tree hash " + TreeHash.toHex(digest) + " != recorded "
                        + segment.treeHash();
            }
            segmentHashes.add(digest);
            total += segment.length();
        }
        String whole = TreeHash.toHex(TreeHash.combine(segmentHashes));
        if (problem == null && total != archive.size()) {
            problem = "archive holds " + total + " bytes, recorded size " + archive.size();
        }
        if (problem == null && !whole.equalsIgnoreCase(archive.treeHash())) {
            problem = "archive tree hash " + whole + " != recorded " + archive.treeHash();
        }
        return new Verification(problem, problem == null ? ScrubResult.Outcome.OK : ScrubResult.Outcome.MISMATCH,
                whole);
    }
}
