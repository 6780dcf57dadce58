package io.permafrost.store.s3;

import io.permafrost.store.BlobStore.BlobWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streams one blob into the bucket holding at most one part in memory. Bytes collect in a buffer
 * that grows up to {@link #PART_SIZE}; a blob that never fills it is one PUT at commit, a larger one
 * becomes an S3 multipart upload whose parts go out as the buffer fills. Nothing is an object
 * before commit: closing without commit aborts the multipart upload.
 */
final class S3BlobWriter implements BlobWriter {
    private static final Logger LOG = LoggerFactory.getLogger(S3BlobWriter.class);
    /** Above S3's 5 MiB minimum part; with 10,000 parts at most, blobs up to 80 GiB (Glacier's largest part is 4 GiB). */
    static final int PART_SIZE = 8 << 20;
    private static final int FIRST_BUFFER = 64 << 10;

    private final S3BlobStore store;
    private final String blobId;
    private final String key;
    private byte[] buffer = new byte[FIRST_BUFFER];
    private int filled;
    /** Null until the first part goes out. */
    private String uploadId;
    private final List<CompletedPart> parts = new ArrayList<>();
    private boolean committed;
    private boolean closed;

    S3BlobWriter(S3BlobStore store, String blobId) {
        this.store = store;
        this.blobId = blobId;
        this.key = S3BlobStore.keyOf(blobId);
    }

    /** The id the blob gets at commit (tests look for what an abandoned write left). */
    String blobId() {
        return blobId;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (committed || closed) {
            throw new IOException("blob " + blobId + " is no longer being written");
        }
        while (length > 0) {
            if (filled == buffer.length && buffer.length < PART_SIZE) {
                buffer = Arrays.copyOf(buffer, Math.min(PART_SIZE, buffer.length * 2));
            }
            int n = Math.min(length, buffer.length - filled);
            System.arraycopy(bytes, offset, buffer, filled, n);
            filled += n;
            offset += n;
            length -= n;
            if (filled == PART_SIZE) {
                sendPart();
            }
        }
    }

    private void sendPart() throws IOException {
        try {
            if (uploadId == null) {
                uploadId = store.client().createMultipartUpload(b -> b.bucket(store.bucket()).key(key)).uploadId();
            }
            int partNumber = parts.size() + 1;
            String etag = store.client().uploadPart(b -> b.bucket(store.bucket()).key(key).uploadId(uploadId)
                    .partNumber(partNumber), bufferBody()).eTag();
            parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            filled = 0;
        } catch (SdkException e) {
            throw store.failure(uploadId == null ? "CreateMultipartUpload" : "UploadPart", key, e);
        }
    }

    /** The buffer as a body the SDK can re-read for a retry, without copying it. */
    private RequestBody bufferBody() {
        byte[] bytes = buffer;
        int length = filled;
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length,
                "application/octet-stream");
    }

    @Override
    public String commit() throws IOException {
        if (committed) {
            return blobId;
        }
        if (closed) {
            throw new IOException("blob " + blobId + " was discarded");
        }
        // Noted before the object exists: from the moment it can be listed, the orphan collector knows it is
        // a fresh write whose metadata commit may still be coming.
        store.published().aboutToPublish(blobId);
        if (uploadId == null) {
            try {
                store.client().putObject(b -> b.bucket(store.bucket()).key(key), bufferBody());
            } catch (SdkException e) {
                throw store.failure("PutObject", key, e);
            }
        } else {
            if (filled > 0) {
                sendPart();
            }
            try {
                store.client().completeMultipartUpload(b -> b.bucket(store.bucket()).key(key).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts)));
            } catch (SdkException e) {
                throw store.failure("CompleteMultipartUpload", key, e);
            }
        }
        committed = true;
        buffer = null;
        return blobId;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        buffer = null;
        if (committed || uploadId == null) {
            return;
        }
        try {
            store.client().abortMultipartUpload(b -> b.bucket(store.bucket()).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            // The parts stay invisible (no object exists); the bucket's lifecycle rule or the operator
            // removes incomplete uploads.
            LOG.warn("object store: aborting the multipart upload of {} failed: {}", key, e.getMessage());
        }
    }
}
