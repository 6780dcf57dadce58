package io.permafrost.intake;

import io.permafrost.glacier.TreeHash;
import io.permafrost.store.ArchiveRecord;
import io.permafrost.store.BlobSegment;
import io.permafrost.store.BlobStore;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;

/**
 * An archive's bytes read from its blobs in order, tree-hashed on the way: at the end the stream fails
 * (IOException) unless the bytes add up to the recorded size and tree hash, so an export never passes
 * on damage silently. Holds one segment's stream at a time.
 */
final class VerifiedArchiveStream extends BulkInputStream {
    /** The bytes were all read but are not the archive's: damage at rest. */
    static final class Damaged extends IOException {
        Damaged(String message) {
            super(message);
        }
    }

    private final ArchiveRecord archive;
    private final BlobStore blobs;
    private final Iterator<BlobSegment> segments;
    private final TreeHash hash = new TreeHash();
    private InputStream current;
    private long read;
    private boolean verified;

    VerifiedArchiveStream(ArchiveRecord archive, BlobStore blobs) {
        this.archive = archive;
        this.blobs = blobs;
        this.segments = archive.segments().iterator();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        while (true) {
            if (current == null) {
                if (!segments.hasNext()) {
                    verify();
                    return -1;
                }
                BlobSegment segment = segments.next();
                current = blobs.open(segment.blobId(), 0, segment.length());
            }
            int n = current.read(buffer, offset, length);
            if (n >= 0) {
                hash.update(buffer, offset, n);
                read += n;
                return n;
            }
            current.close();
            current = null;
        }
    }

    private void verify() throws IOException {
        if (verified) {
            return;
        }
        verified = true;
        if (read != archive.size()) {
            throw new Damaged("archive " + archive.archiveId() + ": its blobs hold " + read + " bytes, recorded "
                    + archive.size());
        }
        String computed = hash.hexDigest();
        if (!computed.equalsIgnoreCase(archive.treeHash())) {
            throw new Damaged("archive " + archive.archiveId() + ": tree hash " + computed + " != recorded "
                    + archive.treeHash() + " (damaged at rest: see permafrost scrub)");
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
