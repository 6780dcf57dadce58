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
import software.amazon.awssdk.services.glacier.model.DeleteArchiveResponse;
import software.amazon.awssdk.services.glacier.model.DescribeVaultResponse;
import software.amazon.awssdk.services.glacier.model.UploadArchiveResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

import static io.permafrost.testing.GlacierErrorAssertions.assertGlacierError;
import static io.permafrost.testing.GlacierErrorAssertions.assertRawError;
import static org.assertj.core.api.Assertions.assertThat;

/** UploadArchive and DeleteArchive through the SDK (spec 6, 8). */
class ArchivesIT extends SharedServerTest {
    private static final String ACCOUNT = TestServer.ACCOUNT;
    private static final int MIB = 1024 * 1024;


    private static String arn(String vault) {
        return "arn:aws:glacier:us-east-1:" + ACCOUNT + ":vaults/" + vault;
    }

    private static UploadArchiveResponse upload(String vault, byte[] data, String treeHash) {
        return glacier.uploadArchive(b -> b.accountId("-").vaultName(vault).checksum(treeHash),
                RequestBody.fromBytes(data));
    }

    private static byte[] filled(int size, char c) {
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) c);
        return data;
    }

    /** Spec 6.2 (b): byte k = k mod 251. */
    private static byte[] modulo251(int size) {
        byte[] data = new byte[size];
        for (int k = 0; k < size; k++) {
            data[k] = (byte) (k % 251);
        }
        return data;
    }

    @Test
    void uploadAnswers201WithLocationIdAndTheServerComputedTreeHash() {
        createVault("uploads");
        // Spec 6.2 (c): 256 KiB of '0', asserted against real AWS by the JS SDK.
        byte[] data = filled(256 * 1024, '0');
        UploadArchiveResponse up = upload("uploads", data,
                "6faefade5a638cd3545d638dd5754763658e32209e69420cb559b7650d4bf93a");

        assertThat(up.sdkHttpResponse().statusCode()).isEqualTo(201);
        assertThat(up.archiveId()).matches("[A-Za-z0-9_-]{138}");
        assertThat(up.location()).isEqualTo("/" + ACCOUNT + "/vaults/uploads/archives/" + up.archiveId());
        assertThat(up.checksum()).isEqualTo("6faefade5a638cd3545d638dd5754763658e32209e69420cb559b7650d4bf93a");
    }

    @Test
    void treeHashOfAMultiChunkBodyIsTheSpecValue() {
        createVault("multi-chunk");
        // Spec 6.2 (a) and (b), uploaded in one request each.
        UploadArchiveResponse zeros = upload("multi-chunk", filled(2 * MIB + MIB / 2, '0'),
                "86118ad0c187fd240db59a37360e0e7f8a3a0c608eed740b4cd7b4271ab45171");
        assertThat(zeros.checksum()).isEqualTo("86118ad0c187fd240db59a37360e0e7f8a3a0c608eed740b4cd7b4271ab45171");
        UploadArchiveResponse mod = upload("multi-chunk", modulo251(5 * MIB + 1000),
                "dce6a2b45485d7b95cf5be4c77ba47b85861460a4f320cbff82a10afc5ed305a");
        assertThat(mod.checksum()).isEqualTo("dce6a2b45485d7b95cf5be4c77ba47b85861460a4f320cbff82a10afc5ed305a");
        DescribeVaultResponse d = glacier.describeVault(b -> b.accountId("-").vaultName("multi-chunk"));
        assertThat(d.numberOfArchives()).isEqualTo(2);
        assertThat(d.sizeInBytes()).isEqualTo(2 * MIB + MIB / 2 + 5 * MIB + 1000);
    }

    @Test
    void treeHashIsComparedCaseInsensitivelyAndReturnedInLowerCase() {
        createVault("upper-hash");
        UploadArchiveResponse up = upload("upper-hash", "hello world".getBytes(StandardCharsets.UTF_8),
                "B94D27B9934D3E08A52E52D7DA7DABFAC484EFE37A5380EE9088F7ACE2EFCDE9");
        assertThat(up.checksum()).isEqualTo("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9");
    }

    @Test
    void identicalBytesGetDistinctArchiveIds() {
        createVault("twins");
        byte[] data = "same".getBytes(StandardCharsets.UTF_8);
        String first = upload("twins", data, TreeHash.of(data)).archiveId();
        String second = upload("twins", data, TreeHash.of(data)).archiveId();
        assertThat(first).isNotEqualTo(second);
        assertThat(glacier.describeVault(b -> b.accountId("-").vaultName("twins")).numberOfArchives()).isEqualTo(2);
    }

    @Test
    void descriptionUpTo1024PrintableCharactersIsAccepted() {
        createVault("described-archives");
        StringBuilder printable = new StringBuilder();
        for (int i = 0; printable.length() < 1024; i++) {
            printable.append((char) (0x20 + i % (0x7F - 0x20)));
        }
        byte[] data = "d".getBytes(StandardCharsets.UTF_8);
        UploadArchiveResponse up = glacier.uploadArchive(b -> b.accountId("-").vaultName("described-archives")
                .archiveDescription(printable.toString()).checksum(TreeHash.of(data)), RequestBody.fromBytes(data));
        assertThat(up.sdkHttpResponse().statusCode()).isEqualTo(201);
    }

    /** Runs a rejected upload and checks it left no archive, no counter change and no file behind. */
    private static void assertRejectedWithoutTrace(String vault, ThrowingCallable call, String code, int status,
                                                   String message) throws Exception {
        DescribeVaultResponse before = glacier.describeVault(b -> b.accountId("-").vaultName(vault));
        long blobs = server.blobFileCount();
        assertGlacierError(call, code, status, message);
        DescribeVaultResponse after = glacier.describeVault(b -> b.accountId("-").vaultName(vault));
        assertThat(after.numberOfArchives()).isEqualTo(before.numberOfArchives());
        assertThat(after.sizeInBytes()).isEqualTo(before.sizeInBytes());
        assertThat(server.blobFileCount()).isEqualTo(blobs);
        assertThat(server.tempBlobFileCount()).isZero();
    }

    @Test
    void badDescriptionsAreRejectedWithoutTrace() throws Exception {
        createVault("bad-descriptions");
        byte[] data = "x".getBytes(StandardCharsets.UTF_8);
        String tooLong = "d".repeat(1025);
        assertRejectedWithoutTrace("bad-descriptions", () -> glacier.uploadArchive(b -> b.accountId("-")
                        .vaultName("bad-descriptions").archiveDescription(tooLong).checksum(TreeHash.of(data)),
                RequestBody.fromBytes(data)), "InvalidParameterValueException", 400,
                "Invalid archive description: longer than 1024 characters");
        assertRejectedWithoutTrace("bad-descriptions", () -> glacier.uploadArchive(b -> b.accountId("-")
                        .vaultName("bad-descriptions").archiveDescription("caf\u00e9").checksum(TreeHash.of(data)),
                RequestBody.fromBytes(data)), "InvalidParameterValueException", 400,
                "Invalid archive description: character at position 3 is not printable ASCII (0x20-0x7E)");
    }

    @Test
    void missingTreeHashIsAMissingParameter() throws Exception {
        createVault("no-hash");
        assertRejectedWithoutTrace("no-hash", () -> glacier.uploadArchive(b -> b.accountId("-").vaultName("no-hash"),
                        RequestBody.fromBytes(filled(3 * MIB, 'n'))), "MissingParameterValueException", 400,
                "Required parameter missing: x-amz-sha256-tree-hash");
    }

    @Test
    void treeHashThatIsNotHexIsInvalid() throws Exception {
        createVault("not-hex");
        assertRejectedWithoutTrace("not-hex", () -> upload("not-hex", "abc".getBytes(StandardCharsets.UTF_8), "000"),
                "InvalidParameterValueException", 400, "Invalid x-amz-sha256-tree-hash: 000");
        String notHex = "g".repeat(64);
        assertRejectedWithoutTrace("not-hex", () -> upload("not-hex", "abc".getBytes(StandardCharsets.UTF_8), notHex),
                "InvalidParameterValueException", 400, "Invalid x-amz-sha256-tree-hash: " + notHex);
    }

    @Test
    void treeHashThatDiffersIsAChecksumMismatch() throws Exception {
        createVault("mismatch");
        byte[] data = filled(2 * MIB + MIB / 2, '0');
        String wrong = "0".repeat(63) + "1";
        assertRejectedWithoutTrace("mismatch", () -> upload("mismatch", data, wrong), "InvalidParameterValueException",
                400, "Checksum mismatch: expected " + wrong + ", computed "
                        + "86118ad0c187fd240db59a37360e0e7f8a3a0c608eed740b4cd7b4271ab45171");
        // A hex string of the wrong length decodes, so it is a mismatch too (spec 6.3).
        String short32 = "0".repeat(32);
        byte[] hello = "hello world".getBytes(StandardCharsets.UTF_8);
        assertRejectedWithoutTrace("mismatch", () -> upload("mismatch", hello, short32), "InvalidParameterValueException",
                400, "Checksum mismatch: expected " + short32 + ", computed "
                        + "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9");
    }

    @Test
    void emptyBodyIsAnInvalidContentLength() throws Exception {
        createVault("empty-body");
        assertRejectedWithoutTrace("empty-body", () -> upload("empty-body", new byte[0],
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                "InvalidParameterValueException", 400, "Invalid Content-Length: 0");
    }

    /** Signs an UploadArchive over {@code body} with extra headers the SDK would never send. */
    private static SdkSigner.Signed signedUpload(String vault, byte[] body, Map<String, String> extra) throws Exception {
        var request = SdkSigner.glacierRequest(SdkHttpMethod.POST, server.endpoint(), "/-/vaults/" + vault + "/archives")
                .putHeader("x-amz-sha256-tree-hash", TreeHash.of(body))
                .putHeader("x-amz-content-sha256",
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
        extra.forEach(request::putHeader);
        return SdkSigner.withKey(TestServer.ROOT_KEY, TestServer.ROOT_SECRET).sign(request.build(), body,
                Instant.now());
    }

    @Test
    void aDeclaredLengthBeyondFourGibIsRefusedBeforeAnyByteIsSent() throws Exception {
        createVault("too-big");
        byte[] body = "never sent".getBytes(StandardCharsets.UTF_8);
        // Expect: 100-continue, as a careful client would: the refusal must come without waiting for the body.
        SdkSigner.Signed signed = signedUpload("too-big", body,
                Map.of("Content-Length", "4294967297", "Expect", "100-continue"));
        long blobs = server.blobFileCount();
        assertRawError(RawHttp.send(server.endpoint(), "POST", signed.request().rawPath(), signed.request().headers(),
                new byte[0]), "InvalidParameterValueException", 400, "Invalid Content-Length: 4294967297");
        assertThat(glacier.describeVault(b -> b.accountId("-").vaultName("too-big")).numberOfArchives()).isZero();
        assertThat(server.blobFileCount()).isEqualTo(blobs);
        assertThat(server.tempBlobFileCount()).isZero();
    }

    @Test
    void aChunkedUploadWithoutContentLengthIsAMissingParameter() throws Exception {
        createVault("chunked");
        byte[] body = "chunked body".getBytes(StandardCharsets.UTF_8);
        SdkSigner.Signed signed = signedUpload("chunked", body, Map.of("Transfer-Encoding", "chunked"));
        byte[] chunked = (Integer.toHexString(body.length) + "\r\n" + new String(body, StandardCharsets.UTF_8)
                + "\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream();
        String head = new String(RawHttp.head(server.endpoint(), "POST", signed.request().rawPath(),
                signed.request().headers(), 0), StandardCharsets.ISO_8859_1).replace("Content-Length: 0\r\n", "");
        request.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        request.writeBytes(chunked);
        long blobs = server.blobFileCount();
        assertRawError(RawHttp.sendBytes(server.endpoint(), request.toByteArray()), "MissingParameterValueException",
                400, "Required parameter missing: Content-Length");
        assertThat(glacier.describeVault(b -> b.accountId("-").vaultName("chunked")).numberOfArchives()).isZero();
        assertThat(server.blobFileCount()).isEqualTo(blobs);
    }

    @Test
    void uploadToAMissingVaultIsNotFound() throws Exception {
        long blobs = server.blobFileCount();
        byte[] data = "x".getBytes(StandardCharsets.UTF_8);
        assertGlacierError(() -> upload("no-such-vault", data, TreeHash.of(data)), "ResourceNotFoundException", 404,
                "Vault not found for ARN: " + arn("no-such-vault"));
        assertThat(server.blobFileCount()).isEqualTo(blobs);
        assertThat(server.tempBlobFileCount()).isZero();
    }

    @Test
    void deleteArchiveRemovesItAndIsIdempotent() throws Exception {
        createVault("deletes");
        byte[] data = filled(1000, 'd');
        String archiveId = upload("deletes", data, TreeHash.of(data)).archiveId();
        long blobs = server.blobFileCount();

        DeleteArchiveResponse deleted = glacier.deleteArchive(b -> b.accountId("-").vaultName("deletes").archiveId(archiveId));
        assertThat(deleted.sdkHttpResponse().statusCode()).isEqualTo(204);
        DescribeVaultResponse d = glacier.describeVault(b -> b.accountId("-").vaultName("deletes"));
        assertThat(d.numberOfArchives()).isZero();
        assertThat(d.sizeInBytes()).isZero();
        assertThat(server.blobFileCount()).isEqualTo(blobs - 1);

        DeleteArchiveResponse again = glacier.deleteArchive(b -> b.accountId("-").vaultName("deletes").archiveId(archiveId));
        assertThat(again.sdkHttpResponse().statusCode()).isEqualTo(204);
        assertThat(glacier.describeVault(b -> b.accountId("-").vaultName("deletes")).numberOfArchives()).isZero();
    }

    @Test
    void deleteArchiveWithAnotherVaultsIdIsAnInvalidVaultName() throws Exception {
        createVault("owner-vault");
        createVault("wrong-vault");
        byte[] data = "mine".getBytes(StandardCharsets.UTF_8);
        String archiveId = upload("owner-vault", data, TreeHash.of(data)).archiveId();
        long blobs = server.blobFileCount();

        assertGlacierError(() -> glacier.deleteArchive(b -> b.accountId("-").vaultName("wrong-vault").archiveId(archiveId)),
                "InvalidParameterValueException", 400, "Invalid vault name: " + arn("wrong-vault"));
        assertThat(glacier.describeVault(b -> b.accountId("-").vaultName("owner-vault")).numberOfArchives()).isEqualTo(1);
        assertThat(server.blobFileCount()).isEqualTo(blobs);

        // Still another vault's id after it was deleted there.
        glacier.deleteArchive(b -> b.accountId("-").vaultName("owner-vault").archiveId(archiveId));
        assertGlacierError(() -> glacier.deleteArchive(b -> b.accountId("-").vaultName("wrong-vault").archiveId(archiveId)),
                "InvalidParameterValueException", 400, "Invalid vault name: " + arn("wrong-vault"));
    }

    @Test
    void deleteArchiveWithANeverIssuedIdIsNotFound() {
        createVault("never-issued");
        String invented = "A".repeat(138);
        assertGlacierError(() -> glacier.deleteArchive(b -> b.accountId("-").vaultName("never-issued").archiveId(invented)),
                "ResourceNotFoundException", 404, "The archive ID was not found: " + invented);
        assertGlacierError(() -> glacier.deleteArchive(b -> b.accountId("-").vaultName("no-vault-here").archiveId(invented)),
                "ResourceNotFoundException", 404, "Vault not found for ARN: " + arn("no-vault-here"));
    }

    @Test
    void archivesSurviveARestart() throws Exception {
        createVault("durable");
        byte[] data = "durable".getBytes(StandardCharsets.UTF_8);
        String archiveId = upload("durable", data, TreeHash.of(data)).archiveId();
        // After each restart a new client: the old one's pooled connection died with the server.
        server.restart();
        glacier = server.client();
        assertThat(glacier.describeVault(b -> b.accountId("-").vaultName("durable")).numberOfArchives()).isEqualTo(1);
        // The id is still known after the restart: deleting it works, and then it is a tombstone.
        glacier.deleteArchive(b -> b.accountId("-").vaultName("durable").archiveId(archiveId));
        server.restart();
        glacier = server.client();
        assertThat(glacier.deleteArchive(b -> b.accountId("-").vaultName("durable").archiveId(archiveId))
                .sdkHttpResponse().statusCode()).isEqualTo(204);
        assertThat(glacier.describeVault(b -> b.accountId("-").vaultName("durable")).numberOfArchives()).isZero();
    }
}
