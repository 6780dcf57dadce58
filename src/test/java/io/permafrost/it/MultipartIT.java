package io.permafrost.it;

import io.permafrost.testing.SharedServerTest;
import io.permafrost.glacier.TreeHash;
import io.permafrost.testing.RawHttp;
import io.permafrost.testing.SdkSigner;
import io.permafrost.testing.TestServer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.services.glacier.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.glacier.model.DescribeVaultResponse;
import software.amazon.awssdk.services.glacier.model.InitiateMultipartUploadResponse;
import software.amazon.awssdk.services.glacier.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.glacier.model.ListPartsResponse;
import software.amazon.awssdk.services.glacier.model.PartListElement;
import software.amazon.awssdk.services.glacier.model.UploadListElement;
import software.amazon.awssdk.services.glacier.model.UploadMultipartPartResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static io.permafrost.testing.GlacierErrorAssertions.assertGlacierError;
import static io.permafrost.testing.GlacierErrorAssertions.assertRawError;
import static org.assertj.core.api.Assertions.assertThat;

/** The six multipart operations through the SDK (spec 6.1, 9). */
class MultipartIT extends SharedServerTest {
    private static final String ACCOUNT = TestServer.ACCOUNT;
    private static final int MIB = 1024 * 1024;
    private static final String PART_SIZE_RULE = ". Part size must not be null, must be a power of two and be "
            + "between 1048576 and 4294967296 bytes.";
    // Spec 6.2 (a): 2.5 MiB of '0'.
    private static final String ZEROS_MIB = "bf79be0c21a100565100d16b31deee78ce5391f66c0774405d484ce38b6076e0";
    private static final String ZEROS_HALF_MIB = "4c792aac9639a3a184867af99f32e0e2cca52ada4242ef2edbfb47ed7f82098b";
    private static final String ZEROS_ROOT = "86118ad0c187fd240db59a37360e0e7f8a3a0c608eed740b4cd7b4271ab45171";


    private static String arn(String vault) {
        return "arn:aws:glacier:us-east-1:" + ACCOUNT + ":vaults/" + vault;
    }

    private static String initiate(String vault, long partSize) {
        return glacier.initiateMultipartUpload(b -> b.accountId("-").vaultName(vault).partSize(Long.toString(partSize)))
                .uploadId();
    }

    private static UploadMultipartPartResponse part(String vault, String uploadId, long first, byte[] data) {
        String range = "bytes " + first + "-" + (first + data.length - 1) + "/*";
        return glacier.uploadMultipartPart(b -> b.accountId("-").vaultName(vault).uploadId(uploadId).range(range)
                .checksum(TreeHash.of(data)), RequestBody.fromBytes(data));
    }

    private static CompleteMultipartUploadResponse complete(String vault, String uploadId, long size, String hash) {
        return glacier.completeMultipartUpload(b -> b.accountId("-").vaultName(vault).uploadId(uploadId)
                .archiveSize(Long.toString(size)).checksum(hash));
    }

    private static List<String> ranges(String vault, String uploadId) {
        List<String> ranges = new ArrayList<>();
        glacier.listPartsPaginator(b -> b.accountId("-").vaultName(vault).uploadId(uploadId)).parts()
                .forEach(p -> ranges.add(p.rangeInBytes() + "=" + p.sha256TreeHash()));
        return ranges;
    }

    private static byte[] filled(int size, char c) {
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) c);
        return data;
    }

    @Test
    void initiateAnswers201WithLocationAndUploadId() {
        createVault("initiate");
        Instant now = server.clock().instant();
        InitiateMultipartUploadResponse started = glacier.initiateMultipartUpload(b -> b.accountId("-")
                .vaultName("initiate").partSize("4194304").archiveDescription("my archive"));

        assertThat(started.sdkHttpResponse().statusCode()).isEqualTo(201);
        assertThat(started.uploadId()).matches("[A-Za-z0-9_-]{92}");
        assertThat(started.location()).isEqualTo("/" + ACCOUNT + "/vaults/initiate/multipart-uploads/" + started.uploadId());

        ListPartsResponse parts = glacier.listParts(b -> b.accountId("-").vaultName("initiate").uploadId(started.uploadId()));
        assertThat(parts.multipartUploadId()).isEqualTo(started.uploadId());
        assertThat(parts.archiveDescription()).isEqualTo("my archive");
        assertThat(parts.partSizeInBytes()).isEqualTo(4194304L);
        assertThat(parts.vaultARN()).isEqualTo(arn("initiate"));
        assertThat(parts.creationDate()).isEqualTo(
                DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC).format(now));
        assertThat(parts.parts()).isEmpty();
        assertThat(parts.marker()).isNull();

        UploadListElement listed = glacier.listMultipartUploads(b -> b.accountId("-").vaultName("initiate"))
                .uploadsList().get(0);
        assertThat(listed.multipartUploadId()).isEqualTo(started.uploadId());
        assertThat(listed.archiveDescription()).isEqualTo("my archive");
        assertThat(listed.partSizeInBytes()).isEqualTo(4194304L);
        assertThat(listed.vaultARN()).isEqualTo(arn("initiate"));
        assertThat(listed.creationDate()).isEqualTo(parts.creationDate());
    }

    @Test
    void everyAllowedPartSizeIsAccepted() {
        createVault("part-sizes");
        for (long size = MIB; size <= 4L * 1024 * MIB; size *= 2) {
            String uploadId = initiate("part-sizes", size);
            assertThat(glacier.listParts(b -> b.accountId("-").vaultName("part-sizes").uploadId(uploadId))
                    .partSizeInBytes()).isEqualTo(size);
        }
    }

    @Test
    void badPartSizesAreRejectedAndCreateNoUpload() {
        createVault("bad-part-sizes");
        for (String bad : List.of("0", "10485760", "17179869184", "524288", "8589934592", "3145728", "-1048576", "abc")) {
            assertGlacierError(() -> glacier.initiateMultipartUpload(b -> b.accountId("-").vaultName("bad-part-sizes")
                    .partSize(bad)), "InvalidParameterValueException", 400, "Invalid part size: " + bad + PART_SIZE_RULE);
        }
        assertGlacierError(() -> glacier.initiateMultipartUpload(b -> b.accountId("-").vaultName("bad-part-sizes")),
                "InvalidParameterValueException", 400, "Invalid part size: null" + PART_SIZE_RULE);
        String tooLong = "d".repeat(1025);
        assertGlacierError(() -> glacier.initiateMultipartUpload(b -> b.accountId("-").vaultName("bad-part-sizes")
                        .partSize("1048576").archiveDescription(tooLong)), "InvalidParameterValueException", 400,
                "Invalid archive description: longer than 1024 characters");
        assertThat(glacier.listMultipartUploads(b -> b.accountId("-").vaultName("bad-part-sizes")).uploadsList()).isEmpty();
        assertGlacierError(() -> glacier.initiateMultipartUpload(b -> b.accountId("-").vaultName("no-such-vault")
                .partSize("1048576")), "ResourceNotFoundException", 404, "Vault not found for ARN: " + arn("no-such-vault"));
    }

    @Test
    void specExampleCompletesFromPartsSentInAnyOrderAndResent() throws Exception {
        createVault("zeros");
        long blobs = server.blobFileCount();
        String uploadId = initiate("zeros", MIB);
        byte[] full = filled(MIB, '0');
        byte[] half = filled(MIB / 2, '0');

        UploadMultipartPartResponse last = part("zeros", uploadId, 2L * MIB, half);
        assertThat(last.sdkHttpResponse().statusCode()).isEqualTo(204);
        assertThat(last.checksum()).isEqualTo(ZEROS_HALF_MIB);
        assertThat(part("zeros", uploadId, 0, full).checksum()).isEqualTo(ZEROS_MIB);
        // A wrong part first, then the right one: re-sending a range replaces it.
        byte[] wrong = filled(MIB, '1');
        part("zeros", uploadId, MIB, wrong);
        assertThat(part("zeros", uploadId, MIB, full).checksum()).isEqualTo(ZEROS_MIB);
        assertThat(server.blobFileCount()).isEqualTo(blobs + 3);

        assertThat(ranges("zeros", uploadId)).containsExactly(
                "0-1048575=" + ZEROS_MIB, "1048576-2097151=" + ZEROS_MIB, "2097152-2621439=" + ZEROS_HALF_MIB);

        CompleteMultipartUploadResponse done = complete("zeros", uploadId, 2621440, ZEROS_ROOT);
        assertThat(done.sdkHttpResponse().statusCode()).isEqualTo(201);
        assertThat(done.archiveId()).matches("[A-Za-z0-9_-]{138}");
        assertThat(done.location()).isEqualTo("/" + ACCOUNT + "/vaults/zeros/archives/" + done.archiveId());
        assertThat(done.checksum()).isEqualTo(ZEROS_ROOT);
        DescribeVaultResponse d = glacier.describeVault(b -> b.accountId("-").vaultName("zeros"));
        assertThat(d.numberOfArchives()).isEqualTo(1);
        assertThat(d.sizeInBytes()).isEqualTo(2621440);
        // The archive is made of the part files: nothing copied, nothing lost.
        assertThat(server.blobFileCount()).isEqualTo(blobs + 3);

        // Afterwards the upload is gone from the listings.
        assertThat(glacier.listMultipartUploads(b -> b.accountId("-").vaultName("zeros")).uploadsList()).isEmpty();
        assertGlacierError(() -> glacier.listParts(b -> b.accountId("-").vaultName("zeros").uploadId(uploadId)),
                "ResourceNotFoundException", 404, "The upload ID was not found: " + uploadId);

        // Repeating Complete answers with the same archive; different values are refused.
        CompleteMultipartUploadResponse repeat = complete("zeros", uploadId, 2621440, ZEROS_ROOT);
        assertThat(repeat.archiveId()).isEqualTo(done.archiveId());
        assertThat(repeat.location()).isEqualTo(done.location());
        assertThat(repeat.checksum()).isEqualTo(ZEROS_ROOT);
        String otherHash = ZEROS_MIB;
        assertGlacierError(() -> complete("zeros", uploadId, 2621440, otherHash), "InvalidParameterValueException", 400,
                "Invalid x-amz-sha256-tree-hash: " + otherHash);
        assertThat(glacier.describeVault(b -> b.accountId("-").vaultName("zeros")).numberOfArchives()).isEqualTo(1);

        // A part sent after completion is refused and leaves nothing behind.
        assertGlacierError(() -> part("zeros", uploadId, 0, full), "ResourceNotFoundException", 404,
                "The upload ID was not found: " + uploadId);
        assertThat(server.blobFileCount()).isEqualTo(blobs + 3);
        assertThat(server.tempBlobFileCount()).isZero();
    }

    @Test
    void partHashesOfTwoMibPartsAreTheLevelOneNodes() {
        createVault("modulo");
        byte[] data = new byte[5 * MIB + 1000];
        for (int k = 0; k < data.length; k++) {
            data[k] = (byte) (k % 251);
        }
        String uploadId = initiate("modulo", 2L * MIB);
        List<String> hashes = new ArrayList<>();
        for (int first = 0; first < data.length; first += 2 * MIB) {
            hashes.add(part("modulo", uploadId, first, Arrays.copyOfRange(data, first, Math.min(data.length, first + 2 * MIB)))
                    .checksum());
        }
        // Spec 6.2 (b), level 1.
        assertThat(hashes).containsExactly(
                "bf4dff263ae686b64403208c35a3767e38453d6477e841947588d13d04e1d816",
                "9e217b1ceb8db81071f9c6e4a2bf0401a83491d10751ce858a2628f5d699dbdb",
                "8d5d16c298682ca4bd597f85f5047debd9007d1b146c74510035a707efe5dfd5");
        CompleteMultipartUploadResponse done = complete("modulo", uploadId, data.length,
                "dce6a2b45485d7b95cf5be4c77ba47b85861460a4f320cbff82a10afc5ed305a");
        assertThat(done.checksum()).isEqualTo("dce6a2b45485d7b95cf5be4c77ba47b85861460a4f320cbff82a10afc5ed305a");
    }

    /** A refused completion: exact error, upload still open with the same parts, no archive, no file change. */
    private static void assertCompletionRefused(String vault, String uploadId, ThrowingCallable call, String code,
                                                String message) throws Exception {
        List<String> partsBefore = ranges(vault, uploadId);
        DescribeVaultResponse before = glacier.describeVault(b -> b.accountId("-").vaultName(vault));
        long blobs = server.blobFileCount();
        assertGlacierError(call, code, 400, message);
        assertThat(ranges(vault, uploadId)).isEqualTo(partsBefore);
        assertThat(glacier.listMultipartUploads(b -> b.accountId("-").vaultName(vault)).uploadsList())
                .extracting(UploadListElement::multipartUploadId).contains(uploadId);
        DescribeVaultResponse after = glacier.describeVault(b -> b.accountId("-").vaultName(vault));
        assertThat(after.numberOfArchives()).isEqualTo(before.numberOfArchives());
        assertThat(after.sizeInBytes()).isEqualTo(before.sizeInBytes());
        assertThat(server.blobFileCount()).isEqualTo(blobs);
    }

    @Test
    void badCompletionsAreRefusedAndTheUploadStaysOpen() throws Exception {
        createVault("bad-completions");
        String uploadId = initiate("bad-completions", MIB);
        byte[] full = filled(MIB, '0');
        byte[] half = filled(MIB / 2, '0');
        part("bad-completions", uploadId, 0, full);
        part("bad-completions", uploadId, 2L * MIB, half);

        // Gap: nothing covers [1 MiB, 2 MiB).
        assertCompletionRefused("bad-completions", uploadId, () -> complete("bad-completions", uploadId, 2621440,
                ZEROS_ROOT), "InvalidParameterValueException", "Missing part: no part covers bytes starting at 1048576");

        // Short middle part: [1 MiB, 1.5 MiB) is not a full part but is not the last.
        part("bad-completions", uploadId, MIB, half);
        assertCompletionRefused("bad-completions", uploadId, () -> complete("bad-completions", uploadId, 2621440,
                ZEROS_ROOT), "InvalidParameterValueException",
                "Part 1048576-1572863 is shorter than the part size 1048576 but is not the last part");

        part("bad-completions", uploadId, MIB, full);
        // Wrong size, both smaller and larger than the parts hold.
        assertCompletionRefused("bad-completions", uploadId, () -> complete("bad-completions", uploadId, 2621439,
                ZEROS_ROOT), "InvalidParameterValueException",
                "Invalid x-amz-archive-size: 2621439 (the uploaded parts hold 2621440 bytes)");
        assertCompletionRefused("bad-completions", uploadId, () -> complete("bad-completions", uploadId, 3 * MIB,
                ZEROS_ROOT), "InvalidParameterValueException",
                "Invalid x-amz-archive-size: 3145728 (the uploaded parts hold 2621440 bytes)");
        assertCompletionRefused("bad-completions", uploadId, () -> complete("bad-completions", uploadId, 0,
                ZEROS_ROOT), "InvalidParameterValueException", "Invalid x-amz-archive-size: 0");
        assertCompletionRefused("bad-completions", uploadId, () -> glacier.completeMultipartUpload(b -> b.accountId("-")
                        .vaultName("bad-completions").uploadId(uploadId).archiveSize("many").checksum(ZEROS_ROOT)),
                "InvalidParameterValueException", "Invalid x-amz-archive-size: many");
        // Wrong hash.
        assertCompletionRefused("bad-completions", uploadId, () -> complete("bad-completions", uploadId, 2621440,
                ZEROS_MIB), "InvalidParameterValueException", "Invalid x-amz-sha256-tree-hash: " + ZEROS_MIB);
        // Missing headers.
        assertCompletionRefused("bad-completions", uploadId, () -> glacier.completeMultipartUpload(b -> b.accountId("-")
                        .vaultName("bad-completions").uploadId(uploadId).archiveSize("2621440")),
                "MissingParameterValueException", "Required parameter missing: x-amz-sha256-tree-hash");
        assertCompletionRefused("bad-completions", uploadId, () -> glacier.completeMultipartUpload(b -> b.accountId("-")
                        .vaultName("bad-completions").uploadId(uploadId).checksum(ZEROS_ROOT)),
                "MissingParameterValueException", "Required parameter missing: x-amz-archive-size");

        // Fixed: now it completes.
        assertThat(complete("bad-completions", uploadId, 2621440, ZEROS_ROOT).checksum()).isEqualTo(ZEROS_ROOT);
    }

    @Test
    void completingAnUploadWithoutPartsIsRefused() throws Exception {
        createVault("no-parts");
        String uploadId = initiate("no-parts", MIB);
        assertCompletionRefused("no-parts", uploadId, () -> complete("no-parts", uploadId, 1,
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                "InvalidParameterValueException", "Invalid x-amz-archive-size: 1 (the uploaded parts hold 0 bytes)");
    }

    /** A refused part: exact error, parts unchanged, no new file, nothing left in the temporary directory. */
    private static void assertPartRefused(String vault, String uploadId, ThrowingCallable call, int status, String code,
                                          String message) throws Exception {
        List<String> partsBefore = ranges(vault, uploadId);
        long blobs = server.blobFileCount();
        assertGlacierError(call, code, status, message);
        assertThat(ranges(vault, uploadId)).isEqualTo(partsBefore);
        assertThat(server.blobFileCount()).isEqualTo(blobs);
        assertThat(server.tempBlobFileCount()).isZero();
    }

    private static ThrowingCallable sendPart(String vault, String uploadId, String range, byte[] data, String hash) {
        return () -> glacier.uploadMultipartPart(b -> b.accountId("-").vaultName(vault).uploadId(uploadId).range(range)
                .checksum(hash), RequestBody.fromBytes(data));
    }

    @Test
    void badPartsAreRefusedWithoutTrace() throws Exception {
        createVault("bad-parts");
        String uploadId = initiate("bad-parts", MIB);
        byte[] ten = "0123456789".getBytes(StandardCharsets.UTF_8);
        String tenHash = TreeHash.of(ten);
        part("bad-parts", uploadId, 0, ten);

        for (String range : List.of("bytes 1-10/*", "bytes 1048577-1048586/*")) {
            assertPartRefused("bad-parts", uploadId, sendPart("bad-parts", uploadId, range, ten, tenHash), 400,
                    "InvalidParameterValueException", "Invalid Content-Range: " + range);
        }
        for (String range : List.of("bytes=0-9/*", "0-9")) {
            assertPartRefused("bad-parts", uploadId, sendPart("bad-parts", uploadId, range, ten, tenHash), 400,
                    "InvalidParameterValueException", "Invalid Content-Range: " + range);
        }
        // Part index 10,000 is one too many; 9,999 is the last allowed.
        String beyond = "bytes " + 10_000L * MIB + "-" + (10_000L * MIB + 9) + "/*";
        assertPartRefused("bad-parts", uploadId, sendPart("bad-parts", uploadId, beyond, ten, tenHash), 400,
                "InvalidParameterValueException", "Invalid Content-Range: " + beyond);
        part("bad-parts", uploadId, 9_999L * MIB, ten);

        // A range longer than the part size.
        byte[] tooBig = filled(MIB + 1, 'x');
        assertPartRefused("bad-parts", uploadId, sendPart("bad-parts", uploadId, "bytes 0-1048576/*", tooBig,
                TreeHash.of(tooBig)), 400, "InvalidParameterValueException", "Invalid Content-Range: bytes 0-1048576/*");

        // Tree hash problems.
        String wrong = "0".repeat(64);
        assertPartRefused("bad-parts", uploadId, sendPart("bad-parts", uploadId, "bytes 0-9/*", ten, wrong), 400,
                "InvalidParameterValueException", "Checksum mismatch: expected " + wrong + ", computed " + tenHash);
        assertPartRefused("bad-parts", uploadId, sendPart("bad-parts", uploadId, "bytes 0-9/*", ten, "000"), 400,
                "InvalidParameterValueException", "Invalid x-amz-sha256-tree-hash: 000");
        assertPartRefused("bad-parts", uploadId, sendPart("bad-parts", uploadId, "bytes 0-9/*", ten, null), 400,
                "MissingParameterValueException", "Required parameter missing: x-amz-sha256-tree-hash");
        assertPartRefused("bad-parts", uploadId, sendPart("bad-parts", uploadId, null, ten, tenHash), 400,
                "MissingParameterValueException", "Required parameter missing: Content-Range");

        // Unknown upload.
        String invented = "U".repeat(92);
        long blobs = server.blobFileCount();
        assertGlacierError(sendPart("bad-parts", invented, "bytes 0-9/*", ten, tenHash), "ResourceNotFoundException",
                404, "The upload ID was not found: " + invented);
        assertThat(server.blobFileCount()).isEqualTo(blobs);
    }

    /** An UploadMultipartPart the SDK would refuse to send: any Content-Range with any body. */
    private static RawHttp.Response rawPart(String vault, String uploadId, String range, byte[] body) throws Exception {
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        SdkSigner.Signed signed = SdkSigner.withKey(TestServer.ROOT_KEY, TestServer.ROOT_SECRET).sign(
                SdkSigner.glacierRequest(SdkHttpMethod.PUT, server.endpoint(),
                                "/-/vaults/" + vault + "/multipart-uploads/" + uploadId)
                        .putHeader("Content-Range", range)
                        .putHeader("x-amz-sha256-tree-hash", TreeHash.of(body))
                        .putHeader("x-amz-content-sha256", sha256)
                        .build(), body, Instant.now());
        return RawHttp.send(server.endpoint(), "PUT", signed.request().rawPath(), signed.request().headers(), body);
    }

    @Test
    void rangesTheSdkWillNotSendAreRefusedWithoutTrace() throws Exception {
        createVault("raw-parts");
        String uploadId = initiate("raw-parts", MIB);
        byte[] ten = "0123456789".getBytes(StandardCharsets.UTF_8);
        assertThat(rawPart("raw-parts", uploadId, "bytes 0-9/*", ten).status()).isEqualTo(204);
        List<String> parts = ranges("raw-parts", uploadId);
        long blobs = server.blobFileCount();

        for (String range : List.of("bytes 9-0/*", "bytes a-j/*", "bytes 0-9", "bytes -9/*")) {
            assertRawError(rawPart("raw-parts", uploadId, range, ten), "InvalidParameterValueException", 400,
                    "Invalid Content-Range: " + range);
        }
        // The body does not have the length the range announces, either way.
        assertRawError(rawPart("raw-parts", uploadId, "bytes 0-19/*", ten), "InvalidParameterValueException", 400,
                "Content-Range: bytes 0-19/* is incompatible with Content-Length: 10");
        assertRawError(rawPart("raw-parts", uploadId, "bytes 1048576-1048580/*", ten), "InvalidParameterValueException",
                400, "Content-Range: bytes 1048576-1048580/* is incompatible with Content-Length: 10");
        // A numeric total after the slash is accepted and ignored (spec 9.2).
        assertThat(rawPart("raw-parts", uploadId, "bytes 1048576-1048585/2097152", ten).status()).isEqualTo(204);

        assertThat(ranges("raw-parts", uploadId)).hasSize(parts.size() + 1).containsAll(parts);
        assertThat(server.blobFileCount()).isEqualTo(blobs + 1);
        assertThat(server.tempBlobFileCount()).isZero();
    }

    @Test
    void abortDiscardsTheUploadAndIsIdempotent() throws Exception {
        createVault("aborts");
        long blobs = server.blobFileCount();
        String uploadId = initiate("aborts", MIB);
        byte[] full = filled(MIB, 'a');
        part("aborts", uploadId, 0, full);
        part("aborts", uploadId, MIB, full);
        assertThat(server.blobFileCount()).isEqualTo(blobs + 2);

        var aborted = glacier.abortMultipartUpload(b -> b.accountId("-").vaultName("aborts").uploadId(uploadId));
        assertThat(aborted.sdkHttpResponse().statusCode()).isEqualTo(204);
        assertThat(server.blobFileCount()).isEqualTo(blobs);
        assertThat(glacier.listMultipartUploads(b -> b.accountId("-").vaultName("aborts")).uploadsList()).isEmpty();
        assertGlacierError(() -> glacier.listParts(b -> b.accountId("-").vaultName("aborts").uploadId(uploadId)),
                "ResourceNotFoundException", 404, "The upload ID was not found: " + uploadId);

        // Aborting again succeeds; late parts and completions are refused and leave nothing.
        assertThat(glacier.abortMultipartUpload(b -> b.accountId("-").vaultName("aborts").uploadId(uploadId))
                .sdkHttpResponse().statusCode()).isEqualTo(204);
        assertGlacierError(() -> part("aborts", uploadId, 0, full), "ResourceNotFoundException", 404,
                "The upload ID was not found: " + uploadId);
        assertGlacierError(() -> complete("aborts", uploadId, 2L * MIB, TreeHash.of(filled(2 * MIB, 'a'))),
                "ResourceNotFoundException", 404, "The upload ID was not found: " + uploadId);
        assertThat(server.blobFileCount()).isEqualTo(blobs);
        assertThat(server.tempBlobFileCount()).isZero();
        assertThat(glacier.describeVault(b -> b.accountId("-").vaultName("aborts")).numberOfArchives()).isZero();
    }

    @Test
    void abortingACompletedOrUnknownUploadIsNotFound() {
        createVault("abort-completed");
        String uploadId = initiate("abort-completed", MIB);
        byte[] data = "complete me".getBytes(StandardCharsets.UTF_8);
        part("abort-completed", uploadId, 0, data);
        String archiveId = complete("abort-completed", uploadId, data.length, TreeHash.of(data)).archiveId();

        assertGlacierError(() -> glacier.abortMultipartUpload(b -> b.accountId("-").vaultName("abort-completed")
                .uploadId(uploadId)), "ResourceNotFoundException", 404, "The upload ID was not found: " + uploadId);
        assertThat(glacier.describeVault(b -> b.accountId("-").vaultName("abort-completed")).numberOfArchives()).isEqualTo(1);
        assertThat(complete("abort-completed", uploadId, data.length, TreeHash.of(data)).archiveId()).isEqualTo(archiveId);

        String invented = "V".repeat(92);
        assertGlacierError(() -> glacier.abortMultipartUpload(b -> b.accountId("-").vaultName("abort-completed")
                .uploadId(invented)), "ResourceNotFoundException", 404, "The upload ID was not found: " + invented);
        // An upload id is only valid in its own vault.
        createVault("abort-elsewhere");
        String elsewhere = initiate("abort-elsewhere", MIB);
        assertGlacierError(() -> glacier.abortMultipartUpload(b -> b.accountId("-").vaultName("abort-completed")
                .uploadId(elsewhere)), "ResourceNotFoundException", 404, "The upload ID was not found: " + elsewhere);
        assertThat(glacier.listMultipartUploads(b -> b.accountId("-").vaultName("abort-elsewhere")).uploadsList())
                .hasSize(1);
    }

    @Test
    void listPartsPaginates() {
        createVault("many-parts");
        String uploadId = initiate("many-parts", MIB);
        List<String> expected = new ArrayList<>();
        // Short parts are accepted at upload time; only Complete insists on full parts.
        for (int i = 4; i >= 0; i--) {
            byte[] data = ("part-" + i).getBytes(StandardCharsets.UTF_8);
            part("many-parts", uploadId, (long) i * MIB, data);
            expected.add(0, ((long) i * MIB) + "-" + ((long) i * MIB + data.length - 1) + "=" + TreeHash.of(data));
        }

        List<Integer> pageSizes = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        glacier.listPartsPaginator(b -> b.accountId("-").vaultName("many-parts").uploadId(uploadId).limit("2"))
                .forEach(page -> {
                    pageSizes.add(page.parts().size());
                    page.parts().forEach(p -> seen.add(p.rangeInBytes() + "=" + p.sha256TreeHash()));
                });
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pageSizes).containsExactly(2, 2, 1);

        ListPartsResponse first = glacier.listParts(b -> b.accountId("-").vaultName("many-parts").uploadId(uploadId)
                .limit("3"));
        assertThat(first.parts()).extracting(PartListElement::rangeInBytes).hasSize(3);
        assertThat(first.marker()).isNotNull();
        ListPartsResponse second = glacier.listParts(b -> b.accountId("-").vaultName("many-parts").uploadId(uploadId)
                .limit("3").marker(first.marker()));
        assertThat(second.parts()).extracting(p -> p.rangeInBytes() + "=" + p.sha256TreeHash())
                .containsExactlyElementsOf(expected.subList(3, 5));
        assertThat(second.marker()).isNull();

        assertGlacierError(() -> glacier.listParts(b -> b.accountId("-").vaultName("many-parts").uploadId(uploadId)
                .limit("0")), "InvalidParameterValueException", 400, "Invalid limit: 0. The limit must be a positive integer.");
        assertGlacierError(() -> glacier.listParts(b -> b.accountId("-").vaultName("many-parts").uploadId(uploadId)
                .marker("somewhere")), "InvalidParameterValueException", 400, "Invalid marker: somewhere");
    }

    @Test
    void listMultipartUploadsPaginatesInCreationOrder() {
        createVault("many-uploads");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(initiate("many-uploads", MIB));
            server.clock().advance(Duration.ofSeconds(1));
        }
        // A completed and an aborted upload are not listed.
        String finished = initiate("many-uploads", MIB);
        byte[] data = "done".getBytes(StandardCharsets.UTF_8);
        part("many-uploads", finished, 0, data);
        complete("many-uploads", finished, data.length, TreeHash.of(data));
        String aborted = initiate("many-uploads", MIB);
        glacier.abortMultipartUpload(b -> b.accountId("-").vaultName("many-uploads").uploadId(aborted));

        List<Integer> pageSizes = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        glacier.listMultipartUploadsPaginator(b -> b.accountId("-").vaultName("many-uploads").limit("2"))
                .forEach(page -> {
                    pageSizes.add(page.uploadsList().size());
                    page.uploadsList().forEach(u -> seen.add(u.multipartUploadId()));
                });
        assertThat(seen).containsExactlyElementsOf(created);
        assertThat(pageSizes).containsExactly(2, 2, 1);

        ListMultipartUploadsResponse first = glacier.listMultipartUploads(b -> b.accountId("-").vaultName("many-uploads")
                .limit("3"));
        assertThat(first.uploadsList()).extracting(UploadListElement::multipartUploadId)
                .containsExactlyElementsOf(created.subList(0, 3));
        // The marker names the first upload not yet returned.
        assertThat(first.marker()).isEqualTo(created.get(3));
        ListMultipartUploadsResponse rest = glacier.listMultipartUploads(b -> b.accountId("-").vaultName("many-uploads")
                .marker(first.marker()));
        assertThat(rest.uploadsList()).extracting(UploadListElement::multipartUploadId)
                .containsExactlyElementsOf(created.subList(3, 5));
        assertThat(rest.marker()).isNull();

        assertGlacierError(() -> glacier.listMultipartUploads(b -> b.accountId("-").vaultName("many-uploads")
                .marker("nonsense")), "InvalidParameterValueException", 400, "Invalid marker: nonsense");
        assertGlacierError(() -> glacier.listMultipartUploads(b -> b.accountId("-").vaultName("many-uploads")
                .limit("-3")), "InvalidParameterValueException", 400, "Invalid limit: -3. The limit must be a positive integer.");
        assertGlacierError(() -> glacier.listMultipartUploads(b -> b.accountId("-").vaultName("no-uploads-vault")),
                "ResourceNotFoundException", 404, "Vault not found for ARN: " + arn("no-uploads-vault"));
    }
}
