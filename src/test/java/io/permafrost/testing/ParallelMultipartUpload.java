package io.permafrost.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.glacier.model.UploadMultipartPartResponse;

/**
 * A multipart upload of a {@link GeneratedBody} whose parts are generated as they are sent, as many in
 * flight as {@code uploaders} has threads; every part's returned tree hash is checked.
 */
public final class ParallelMultipartUpload {
    private ParallelMultipartUpload() {
    }

    public static CompleteMultipartUploadResponse upload(GlacierClient glacier, String vault, GeneratedBody body,
                                                         long partSize, List<String> partHashes, String treeHash,
                                                         ExecutorService uploaders) throws Exception {
        String uploadId = glacier.initiateMultipartUpload(b -> b.accountId("-").vaultName(vault)
                .partSize(Long.toString(partSize))).uploadId();
        List<Future<UploadMultipartPartResponse>> parts = new ArrayList<>();
        for (int i = 0; i < partHashes.size(); i++) {
            long from = i * partSize;
            long count = Math.min(partSize, body.length() - from);
            String partHash = partHashes.get(i);
            parts.add(uploaders.submit(() -> glacier.uploadMultipartPart(b -> b.accountId("-").vaultName(vault)
                    .uploadId(uploadId).range("bytes " + from + "-" + (from + count - 1) + "/*")
                    .checksum(partHash), body.requestBody(from, count))));
        }
        for (int i = 0; i < parts.size(); i++) {
            assertThat(parts.get(i).get().checksum()).as("part %d", i).isEqualTo(partHashes.get(i));
        }
        return glacier.completeMultipartUpload(b -> b.accountId("-").vaultName(vault).uploadId(uploadId)
                .archiveSize(Long.toString(body.length())).checksum(treeHash));
    }
}
