package io.permafrost.vault;

import io.permafrost.glacier.TreeHash;
import io.permafrost.store.BlobStore;
import io.permafrost.store.JobSegment;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Copies a byte range of a job's output out of its blobs, verifying while it goes: every segment
 * sent whole is checked against its stored tree hash and, when an expected tree hash of the whole
 * range is given, the range is checked against it. Each check happens before the last buffer it
 * covers is written, so a mismatch leaves the client with a short (broken) transfer, never with
 * complete but wrong bytes. One buffer of memory whatever the size.
 */
final class JobOutputStreamer {
    private static final int BUFFER = 256 * 1024;

    private final BlobStore blobs;

    JobOutputStreamer(BlobStore blobs) {
        this.blobs = blobs;
    }

    /** Raised when stored bytes do not match their recorded tree hash. */
    static final class CorruptOutputException extends IOException {
        CorruptOutputException(String message) {
            super(message);
        }
    }

    void copy(List<JobSegment> segments, long start, long end, String expectedTreeHash, OutputStream out)
            throws IOException {
        run(segments, start, end, expectedTreeHash == null ? null : new TreeHash(), expectedTreeHash, out);
    }

    /** The tree hash of [start, end], reading the bytes (whole segments are verified on the way). */
    String treeHash(List<JobSegment> segments, long start, long end) throws IOException {
        TreeHash overall = new TreeHash();
        run(segments, start, end, overall, null, OutputStream.nullOutputStream());
        return overall.hexDigest();
    }

    private void run(List<JobSegment> segments, long start, long end, TreeHash overall, String expected,
                     OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long position = start;
        for (JobSegment segment : segments) {
            if (segment.end() < start || segment.archiveOffset() > end) {
                continue;
            }
            if (segment.archiveOffset() > position) {
                throw new CorruptOutputException("the job's segments leave a gap at byte " + position);
            }
            long pieceStart = position;
            long pieceEnd = Math.min(end, segment.end());
            boolean whole = pieceStart == segment.archiveOffset() && pieceEnd == segment.end();
            TreeHash segmentHash = whole ? new TreeHash() : null;
            long remaining = pieceEnd - pieceStart + 1;
            try (InputStream in = blobs.open(segment.blobId(), pieceStart - segment.archiveOffset(), remaining)) {
                while (remaining > 0) {
                    int want = (int) Math.min(buffer.length, remaining);
                    int n = in.readNBytes(buffer, 0, want);
                    if (n < want) {
                        throw new CorruptOutputException("blob " + segment.blobId() + " is shorter than recorded");
                    }
                    remaining -= n;
                    if (segmentHash != null) {
                        segmentHash.update(buffer, 0, n);
                        if (remaining == 0 && !segmentHash.hexDigest().equalsIgnoreCase(segment.treeHash())) {
                            throw new CorruptOutputException("blob " + segment.blobId()
                                    + " does not match its tree hash " + segment.treeHash());
                        }
                    }
                    if (overall != null) {
                        overall.update(buffer, 0, n);
                        if (expected != null && remaining == 0 && pieceEnd == end
                                && !overall.hexDigest().equalsIgnoreCase(expected)) {
                            throw new CorruptOutputException("bytes " + start + "-" + end
                                    + " do not match their tree hash " + expected);
                        }
                    }
                    out.write(buffer, 0, n);
                }
            }
            position = pieceEnd + 1;
            if (position > end) {
                return;
            }
        }
        throw new CorruptOutputException("the job's segments end before byte " + end);
    }
}
