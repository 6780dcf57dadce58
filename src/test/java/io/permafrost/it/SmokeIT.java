package io.permafrost.it;

import io.permafrost.glacier.TreeHash;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.DescribeVaultResponse;
import software.amazon.awssdk.services.glacier.model.UploadArchiveResponse;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeIT {
    @Test
    void createUploadDescribe() throws Exception {
        try (TestServer server = new TestServer()) {
            GlacierClient glacier = server.client();
            glacier.createVault(b -> b.accountId("-").vaultName("photos"));
            byte[] data = "hello world".getBytes(StandardCharsets.UTF_8);
            UploadArchiveResponse up = glacier.uploadArchive(b -> b.accountId("-").vaultName("photos")
                    .checksum(TreeHash.of(data)).archiveDescription("greeting"), RequestBody.fromBytes(data));
            assertThat(up.checksum()).isEqualTo("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9");
            DescribeVaultResponse d = glacier.describeVault(b -> b.accountId("-").vaultName("photos"));
            assertThat(d.numberOfArchives()).isEqualTo(1);
            assertThat(d.sizeInBytes()).isEqualTo(11);
            assertThat(d.vaultARN()).isEqualTo("arn:aws:glacier:us-east-1:111122223333:vaults/photos");
        }
    }
}
