package io.permafrost.it;

import io.permafrost.glacier.TreeHash;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.UploadListElement;

import java.time.Duration;
import java.util.Arrays;

import static io.permafrost.testing.GlacierErrorAssertions.assertGlacierError;
import static org.assertj.core.api.Assertions.assertThat;

/** Idle multipart uploads go away after 24 h without activity, and so does the memory of aborted ones (spec 9). */
class UploadExpiryIT {
    private static final int MIB = 1024 * 1024;
    private TestServer server;
    private GlacierClient glacier;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer();
        glacier = server.client();
        glacier.createVault(b -> b.accountId("-").vaultName("v"));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private String initiate() {
        return glacier.initiateMultipartUpload(b -> b.accountId("-").vaultName("v").partSize(String.valueOf(MIB)))
                .uploadId();
    }

    private void uploadPart(String uploadId, int fill) {
        byte[] part = new byte[MIB];
        Arrays.fill(part, (byte) fill);
        glacier.uploadMultipartPart(b -> b.accountId("-").vaultName("v").uploadId(uploadId)
                .range("bytes 0-" + (MIB - 1) + "/*").checksum(TreeHash.of(part)), RequestBody.fromBytes(part));
    }

    @Test
    void anUploadIdleForADayIsDroppedWithItsPartsWhileAnActiveOneStays() throws Exception {
        String idle = initiate();
        uploadPart(idle, 1);
        String active = initiate();
        long blobsWithBothParts = server.blobFileCount() + 1;

        server.clock().advance(Duration.ofHours(23));
        uploadPart(active, 2);
        assertThat(server.blobFileCount()).isEqualTo(blobsWithBothParts);
        server.clock().advance(Duration.ofHours(2));
        server.runMaintenanceNow();

        assertThat(glacier.listMultipartUploads(b -> b.accountId("-").vaultName("v")).uploadsList())
                .extracting(UploadListElement::multipartUploadId).containsExactly(active);
        assertGlacierError(() -> glacier.listParts(b -> b.accountId("-").vaultName("v").uploadId(idle)),
                "ResourceNotFoundException", 404, "The upload ID was not found: " + idle);
        assertThat(server.blobFileCount()).as("the idle upload's part is deleted").isEqualTo(blobsWithBothParts - 1);
        assertThat(glacier.listParts(b -> b.accountId("-").vaultName("v").uploadId(active)).parts()).hasSize(1);
    }

    @Test
    void anAbortedUploadAnswers204ForADayThen404() throws Exception {
        String upload = initiate();
        glacier.abortMultipartUpload(b -> b.accountId("-").vaultName("v").uploadId(upload));
        server.clock().advance(Duration.ofHours(23));
        server.runMaintenanceNow();
        glacier.abortMultipartUpload(b -> b.accountId("-").vaultName("v").uploadId(upload));

        server.clock().advance(Duration.ofHours(2));
        server.runMaintenanceNow();
        assertGlacierError(() -> glacier.abortMultipartUpload(b -> b.accountId("-").vaultName("v").uploadId(upload)),
                "ResourceNotFoundException", 404, "The upload ID was not found: " + upload);
    }
}
