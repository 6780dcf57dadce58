package io.permafrost.http.console;

import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.TreeHash;
import io.permafrost.vault.ArchiveService;
import io.permafrost.vault.MultipartService;
import io.permafrost.vault.PayloadCheck;
import io.permafrost.vault.UploadBody;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Receives a file the console's script sends as the raw request body and stores it as an archive.
 * With the browser's tree hash (computed with Web Crypto before sending) and up to
 * {@link #SINGLE_UPLOAD_LIMIT}, it streams straight into UploadArchive, which verifies the hash as the
 * bytes land. Otherwise it uploads parts of {@link #PART_SIZE} (the one buffer held, whatever the
 * file's size), each part's hash computed here, and completes with the browser's tree hash when it
 * sent one (so the whole file is still checked end to end) or with the hash computed while reading.
 */
final class ConsoleUpload {
    static final long SINGLE_UPLOAD_LIMIT = 100L * 1024 * 1024;
    static final int PART_SIZE = 8 * 1024 * 1024;
    static final String DESCRIPTION_HEADER = "X-Archive-Description";
    static final String TREE_HASH_HEADER = "X-Tree-Hash";

    private final ConsoleServices services;

    ConsoleUpload(ConsoleServices services) {
        this.services = services;
    }

    ConsoleReply receive(ConsoleRequest request, String vault) {
        String description = decoded(request.header().apply(DESCRIPTION_HEADER));
        String treeHash = request.header().apply(TREE_HASH_HEADER);
        try {
            if (request.contentLength() <= 0) {
                throw GlacierException.invalidParameter("Invalid Content-Length: " + request.contentLength()
                        + " (choose a file that is not empty)");
            }
            ArchiveService.StoredArchive stored = treeHash != null && request.contentLength() <= SINGLE_UPLOAD_LIMIT
                    ? services.archives().upload(request.context(), "-", vault, description, treeHash,
                    new UploadBody(request.body(), request.contentLength(), PayloadCheck.NONE))
                    : multipart(request, vault, description, treeHash);
            request.session().flash("Uploaded archive " + stored.archiveId());
            return new ConsoleReply.Json(201, ConsoleJson.write(Map.of("archiveId", stored.archiveId(),
                    "treeHash", stored.treeHash())));
        } catch (GlacierException e) {
            return new ConsoleReply.Json(e.errorCode().httpStatus(), ConsoleJson.error(e.errorCode().code(), e.getMessage()));
        }
    }

    private ArchiveService.StoredArchive multipart(ConsoleRequest request, String vault, String description,
                                                   String browserTreeHash) {
        MultipartService uploads = services.uploads();
        String uploadId = uploads.initiate(request.context(), "-", vault, Integer.toString(PART_SIZE), description)
                .uploadId();
        boolean completed = false;
        try {
            TreeHash whole = new TreeHash();
            byte[] part = new byte[PART_SIZE];
            long offset = 0;
            InputStream in = request.body();
            while (offset < request.contentLength()) {
                int filled = in.readNBytes(part, 0, (int) Math.min(PART_SIZE, request.contentLength() - offset));
                if (filled == 0) {
                    throw GlacierException.invalidParameter("The upload ended after " + offset + " of "
                            + request.contentLength() + " bytes.");
                }
                whole.update(part, 0, filled);
                TreeHash partTree = new TreeHash();
                partTree.update(part, 0, filled);
                String partHash = partTree.hexDigest();
                String range = "bytes " + offset + "-" + (offset + filled - 1) + "/*";
                uploads.uploadPart(request.context(), "-", vault, uploadId, range, partHash,
                        new UploadBody(new ByteArrayInputStream(part, 0, filled), filled, PayloadCheck.NONE));
                offset += filled;
            }
            String treeHash = browserTreeHash != null ? browserTreeHash : whole.hexDigest();
            ArchiveService.StoredArchive stored = uploads.complete(request.context(), "-", vault, uploadId,
                    Long.toString(offset), treeHash);
            completed = true;
            return stored;
        } catch (IOException e) {
            throw new GlacierException(io.permafrost.glacier.ErrorCode.REQUEST_TIMEOUT,
                    "The upload stopped arriving: " + e.getMessage());
        } finally {
            if (!completed) {
                abortQuietly(request, vault, uploadId);
            }
        }
    }

    private void abortQuietly(ConsoleRequest request, String vault, String uploadId) {
        try {
            services.uploads().abort(request.context(), "-", vault, uploadId);
        } catch (GlacierException ignored) {
            // The upload expires on its own; the client already gets the first failure.
        }
    }

    /** The script percent-encodes the description so any text survives a header. */
    private static String decoded(String header) {
        if (header == null) {
            return null;
        }
        try {
            return java.net.URLDecoder.decode(header, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw GlacierException.invalidParameter("Invalid archive description encoding");
        }
    }
}
