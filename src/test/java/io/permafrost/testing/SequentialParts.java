package io.permafrost.testing;

import software.amazon.awssdk.services.glacier.GlacierClient;

/** Sends a {@link GeneratedBody} as the parts of an initiated multipart upload, one after the other. */
public final class SequentialParts {
    private SequentialParts() {
    }

    public static void send(GlacierClient glacier, String vault, String uploadId, GeneratedBody body, long partSize) {
        for (long from = 0; from < body.length(); from += partSize) {
            long start = from;
            long length = Math.min(partSize, body.length() - from);
            glacier.uploadMultipartPart(b -> b.accountId("-").vaultName(vault).uploadId(uploadId)
                    .range("bytes " + start + "-" + (start + length - 1) + "/*").checksum(body.treeHash(start, length)),
                    body.requestBody(start, length));
        }
    }
}
