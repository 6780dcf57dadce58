package io.permafrost.vault;

import io.permafrost.glacier.LeafHashes;
import io.permafrost.glacier.TreeHash;
import io.permafrost.store.BlobStore;
import io.permafrost.store.JobSegment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Copies a byte range of a job's output out of its blobs, letting no byte out unchecked against the
 * hashes recorded at upload, whatever the range.
 * <ul>
 * <li>A segment with recorded chunk hashes (leaves) is read by its covering 1 MiB chunks; each chunk is
 * checked against its leaf before any of its bytes is handed over, so a damaged chunk is never sent,
 * not even in part. Three chunk buffers per transfer: a chunk is read while the one before is hashed
 * on another thread and the one before that is sent ({@link OverlappedSend}).</li>
 * <li>A segment stored before leaves were recorded is read whole and held against its tree hash; the
 * last piece of the requested bytes in it is written only once that hash is confirmed, so damage
 * leaves the client with a short (broken) transfer, never with complete but wrong bytes. This costs a
 * read of the whole segment and a second buffer of at most 1 MiB.</li>
 * </ul>
 * Damage is logged with what was being read, the blob and the offset, and fails the copy.
 */
final class JobOutputStreamer {
    private static final Logger LOG = LoggerFactory.getLogger(JobOutputStreamer.class);
    private static final int CHUNK = BlobChunks.CHUNK;

    /** For {@link #checkFirstPiece}: verifies without sending. */
    private static final JobOutputSink DISCARD = bytes -> {
        bytes.position(bytes.limit());
        return CompletableFuture.completedFuture(null);
    };

    private final BlobStore blobs;
    private final DirectChunkBuffers buffers;
    private final ChunkDigests digests;

    JobOutputStreamer(BlobStore blobs) {
        this(blobs, DirectChunkBuffers.SHARED, ChunkDigests.SHARED);
    }

    JobOutputStreamer(BlobStore blobs, DirectChunkBuffers buffers, ChunkDigests digests) {
        this.blobs = blobs;
        this.buffers = buffers;
        this.digests = digests;
    }

    /** Raised when stored bytes do not match their recorded hashes (or their segments do not fit together). */
    static final class CorruptOutputException extends DamagedAtRest {
        private final String clientMessage;

        CorruptOutputException(String message) {
            this(message, "The stored data of this job output is inconsistent: " + message);
        }

        CorruptOutputException(String message, String clientMessage) {
            super(message);
            this.clientMessage = clientMessage;
        }

        /** What the client may be told: where the damage is in what it asked for, not the server's blob names. */
        String clientMessage() {
            return clientMessage;
        }
    }

    /**
     * Copies bytes [start, end] of the output to {@code out}, each verified before it is sent; returns
     * once all are sent. {@code source} names what is read (archive and job), for the log.
     */
    void copy(String source, List<JobSegment> segments, long start, long end, JobOutputSink out) throws IOException {
        try (OverlappedSend send = new OverlappedSend(out, buffers, bufferSize(segments, start, end))) {
            copy(source, segments, start, end, send);
            send.finish();
        }
    }

    private void copy(String source, List<JobSegment> segments, long start, long end, OverlappedSend send)
            throws IOException {
        byte[] wholeSegmentBuffer = null;
        long position = start;
        for (JobSegment segment : segments) {
            if (segment.end() < start || segment.archiveOffset() > end) {
                continue;
            }
            if (segment.archiveOffset() > position) {
                throw new CorruptOutputException("the job's segments leave a gap at byte " + position);
            }
            long pieceEnd = Math.min(end, segment.end());
            if (segment.leaves() != null) {
                copyByChunks(source, segment, position, pieceEnd, send);
            } else {
                if (wholeSegmentBuffer == null || wholeSegmentBuffer.length < Math.min(CHUNK, segment.length())) {
                    wholeSegmentBuffer = new byte[chunkBufferSize(segment)];
                }
                copyWholeVerified(source, segment, position, pieceEnd, wholeSegmentBuffer, send);
            }
            position = pieceEnd + 1;
            if (position > end) {
                return;
            }
        }
        throw new CorruptOutputException("the job's segments end before byte " + end);
    }

    /**
     * The chunk buffer size the segments covering [start, end] need: a full chunk unless all are
     * smaller, so an inline archive of a few KiB does not cost two 1 MiB buffers.
     */
    private static int bufferSize(List<JobSegment> segments, long start, long end) {
        int size = 1;
        for (JobSegment segment : segments) {
            if (segment.end() >= start && segment.archiveOffset() <= end) {
                size = Math.max(size, chunkBufferSize(segment));
            }
        }
        return size;
    }

    private static int chunkBufferSize(JobSegment segment) {
        return (int) Math.min(CHUNK, Math.max(1, segment.length()));
    }

    /**
     * Reads and verifies the first piece of [start, end] that can be verified on its own (its chunk, or
     * a whole pre-leaves segment of at most 1 MiB) without sending anything, so damage there is found
     * while an error can still be answered. The copy verifies it again: this only moves the report.
     */
    void checkFirstPiece(String source, List<JobSegment> segments, long start, long end) throws IOException {
        for (JobSegment segment : segments) {
            if (segment.end() < start || segment.archiveOffset() > end) {
                continue;
            }
            long pieceEnd;
            if (segment.leaves() != null) {
                long chunk = BlobChunks.chunkOf(start - segment.archiveOffset());
                long chunkEnd = segment.archiveOffset() + (chunk + 1) * CHUNK - 1;
                pieceEnd = Math.min(end, Math.min(segment.end(), chunkEnd));
            } else if (segment.length() <= CHUNK) {
                pieceEnd = Math.min(end, segment.end());
            } else {
                return;
            }
            copy(source, List.of(segment), start, pieceEnd, DISCARD);
            return;
        }
    }

    /**
     * The tree hash of [start, end], a tree-hash aligned range: from the stored segment hashes or chunk
     * hashes when they give it (no read), else from the bytes, which are verified on the way.
     */
    String treeHash(String source, List<JobSegment> segments, long start, long end, long archiveSize)
            throws IOException {
        String fromSegments = JobRangeAlignment.fromSegments(segments, start, end, archiveSize);
        if (fromSegments != null) {
            return fromSegments;
        }
        String fromLeaves = fromLeaves(segments, start, end);
        if (fromLeaves != null) {
            return fromLeaves;
        }
        TreeHash overall = new TreeHash();
        copy(source, segments, start, end, new OutputStreamSink(new OutputStream() {
            @Override
            public void write(int b) {
                overall.update(new byte[] {(byte) b});
            }

            @Override
            public void write(byte[] b, int off, int len) {
                overall.update(b, off, len);
            }
        }));
        return overall.hexDigest();
    }

    /**
     * The tree hash of [start, end] from the leaves of the segments covering it, or null when a segment
     * has none, its leaves do not add up to its tree hash, or the range does not fall on chunk borders.
     */
    private static String fromLeaves(List<JobSegment> segments, long start, long end) {
        List<byte[]> leaves = new ArrayList<>();
        for (JobSegment segment : segments) {
            if (segment.end() < start || segment.archiveOffset() > end) {
                continue;
            }
            LeafHashes recorded = segment.leaves();
            long from = Math.max(start, segment.archiveOffset()) - segment.archiveOffset();
            long to = Math.min(end, segment.end()) - segment.archiveOffset();
            boolean onChunkBorders = from % CHUNK == 0 && ((to + 1) % CHUNK == 0 || to == segment.length() - 1);
            if (recorded == null || !onChunkBorders || !recorded.addUpTo(segment.length(), segment.treeHash())) {
                return null;
            }
            for (long chunk = from / CHUNK; chunk <= to / CHUNK; chunk++) {
                leaves.add(recorded.leaf((int) chunk));
            }
        }
        return leaves.isEmpty() ? null : TreeHash.toHex(TreeHash.combine(leaves));
    }

    /**
     * Bytes [from, to] (archive offsets inside the segment) by their chunks, each checked against its
     * leaf before it is handed to {@code send}. Pipelined: chunk N is read while chunk N-1 is hashed on
     * another thread and chunk N-2 goes out; a chunk is sent only once its own hash matched.
     */
    private void copyByChunks(String source, JobSegment segment, long from, long to, OverlappedSend send)
            throws IOException {
        LeafHashes leaves = segment.leaves();
        if (!leaves.addUpTo(segment.length(), segment.treeHash())) {
            // The metadata itself is damaged: the leaves cannot vouch for anything.
            throw damaged(source, segment, 0, segment.length(),
                    "the recorded chunk hashes do not add up to its tree hash");
        }
        long firstByte = from - segment.archiveOffset();
        long lastByte = to - segment.archiveOffset();
        HashingChunk hashing = null;
        try (BlobChunks chunks = BlobChunks.open(blobs, segment.blobId(), segment.length(),
                BlobChunks.chunkOf(firstByte), BlobChunks.chunkOf(lastByte))) {
            while (chunks.hasNext()) {
                long chunk = chunks.nextIndex();
                int length = chunks.lengthOf(chunk);
                ByteBuffer buffer = send.take();
                int got = chunks.fill(buffer);
                HashingChunk previous = hashing;
                hashing = new HashingChunk(buffer, digests.of(buffer), chunk, length);
                if (previous != null) {
                    verifyAndSend(source, segment, previous, firstByte, lastByte, send);
                }
                if (got < length) {
                    throw damaged(source, segment, chunk * CHUNK, length, "the blob ends inside them");
                }
            }
            if (hashing != null) {
                verifyAndSend(source, segment, hashing, firstByte, lastByte, send);
            }
        } finally {
            if (hashing != null) {
                // On failure the last chunk may still be hashed: its buffer goes back only after.
                hashing.digest.exceptionally(e -> null).join();
            }
        }
    }

    /** A chunk read into its buffer, its SHA-256 being computed on another thread. */
    private record HashingChunk(ByteBuffer buffer, CompletableFuture<byte[]> digest, long index, int length) {
    }

    private void verifyAndSend(String source, JobSegment segment, HashingChunk chunk, long firstByte, long lastByte,
                               OverlappedSend send) throws IOException {
        long chunkStart = chunk.index() * CHUNK;
        if (!segment.leaves().matches((int) chunk.index(), chunk.digest().join())) {
            throw damaged(source, segment, chunkStart, chunk.length(), "they do not match their recorded hash");
        }
        int sliceFrom = (int) Math.max(0, firstByte - chunkStart);
        int sliceTo = (int) Math.min(chunk.length() - 1, lastByte - chunkStart);
        send.send(chunk.buffer().limit(sliceTo + 1).position(sliceFrom));
    }

    /**
     * Bytes [from, to] of a segment without leaves: the whole segment is read and tree-hashed, and the
     * last piece of the requested bytes is held back until the hash is confirmed.
     */
    private void copyWholeVerified(String source, JobSegment segment, long from, long to, byte[] buffer,
                                   OverlappedSend send) throws IOException {
        long firstByte = from - segment.archiveOffset();
        long lastByte = to - segment.archiveOffset();
        TreeHash hash = new TreeHash();
        byte[] held = null;
        try (BlobChunks chunks = BlobChunks.open(blobs, segment.blobId(), segment.length(), 0,
                BlobChunks.count(segment.length()) - 1)) {
            while (chunks.hasNext()) {
                long chunkStart = chunks.nextIndex() * CHUNK;
                int length = chunks.lengthOf(chunks.nextIndex());
                if (chunks.read(buffer) < length) {
                    throw damaged(source, segment, chunkStart, length, "the blob ends inside them");
                }
                hash.update(buffer, 0, length);
                long chunkEnd = chunkStart + length - 1;
                if (chunkEnd < firstByte || chunkStart > lastByte) {
                    continue;
                }
                int sliceFrom = (int) Math.max(0, firstByte - chunkStart);
                int sliceTo = (int) Math.min(length - 1, lastByte - chunkStart);
                if (chunkEnd >= lastByte) {
                    held = Arrays.copyOfRange(buffer, sliceFrom, sliceTo + 1);
                } else {
                    send.sendAndWait(ByteBuffer.wrap(buffer, sliceFrom, sliceTo - sliceFrom + 1));
                }
            }
        }
        if (!hash.hexDigest().equalsIgnoreCase(segment.treeHash())) {
            throw damaged(source, segment, 0, segment.length(),
                    "the blob does not match its tree hash (stored before chunk hashes were recorded, "
                            + "so where is unknown)");
        }
        send.sendAndWait(ByteBuffer.wrap(held));
    }

    private static CorruptOutputException damaged(String source, JobSegment segment, long blobOffset, long length,
                                                  String why) {
        long offset = segment.archiveOffset() + blobOffset;
        String what = "blob " + segment.blobId() + " bytes " + blobOffset + "-" + (blobOffset + length - 1)
                + " (bytes " + offset + "-" + (offset + length - 1) + " of " + source + ") are damaged at rest: " + why;
        LOG.error("{}; not served", what);
        return new CorruptOutputException(what, "Bytes " + offset + "-" + (offset + length - 1) + " of " + source
                + " are damaged in storage on this server and are not served; the damage has been logged.");
    }
}
