package io.permafrost.it;

import io.permafrost.glacier.TreeHash;
import io.permafrost.store.embedded.EmbeddedBlobStore;
import io.permafrost.store.embedded.FileBlobStore;
import io.permafrost.store.embedded.SqliteMetadataStore;
import io.permafrost.testing.TestServer;
import io.permafrost.vault.ArchiveScrubber;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The scrub re-verifies archives at rest and names exactly the one whose bytes were damaged. */
class ScrubIT {
    private static final int MIB = 1024 * 1024;

    @Test
    void findsOnlyTheDamagedArchive() throws Exception {
        try (TestServer server = new TestServer()) {
            GlacierClient glacier = server.client();
            glacier.createVault(b -> b.accountId("-").vaultName("v"));
            byte[] small = new byte[1000];
            new Random(1).nextBytes(small);
            String smallId = glacier.uploadArchive(b -> b.accountId("-").vaultName("v").checksum(TreeHash.of(small)),
                    RequestBody.fromBytes(small)).archiveId();
            byte[] big = new byte[2 * MIB + 5];
            new Random(2).nextBytes(big);
            String uploadId = glacier.initiateMultipartUpload(b -> b.accountId("-").vaultName("v")
                    .partSize(String.valueOf(MIB))).uploadId();
            List<byte[]> partHashes = new ArrayList<>();
            for (int off = 0; off < big.length; off += MIB) {
                byte[] part = java.util.Arrays.copyOfRange(big, off, Math.min(big.length, off + MIB));
                int start = off;
                glacier.uploadMultipartPart(b -> b.accountId("-").vaultName("v").uploadId(uploadId)
                        .range("bytes " + start + "-" + (start + part.length - 1) + "/*").checksum(TreeHash.of(part)),
                        RequestBody.fromBytes(part));
                partHashes.add(TreeHash.parseHexOrNull(TreeHash.of(part)));
            }
            glacier.completeMultipartUpload(b -> b.accountId("-").vaultName("v").uploadId(uploadId)
                    .archiveSize(String.valueOf(big.length)).checksum(TreeHash.of(big)));

            Path data = server.dataDir();
            try (SqliteMetadataStore metadata = new SqliteMetadataStore(data.resolve("metadata.db"))) {
                ArchiveScrubber scrubber = new ArchiveScrubber(metadata,
                        new EmbeddedBlobStore(metadata, new FileBlobStore(data.resolve("blobs"))));
                ArchiveScrubber.Report clean = scrubber.scrub(d -> { });
                assertThat(clean.archives()).isEqualTo(2);
                assertThat(clean.bytes()).isEqualTo(small.length + big.length);
                assertThat(clean.damaged()).isEmpty();

                String blobId = metadata.archives().find(
                        metadata.vaults().find(TestServer.ACCOUNT, "v").orElseThrow().id(), smallId)
                        .orElseThrow().segments().get(0).blobId();
                // A 1000-byte archive is kept inline in the metadata database: flip one of its bytes there.
                assertThat(blobId).startsWith("i");
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("metadata.db"))) {
                    byte[] stored;
                    try (PreparedStatement read = c.prepareStatement("SELECT data FROM inline_blobs WHERE id = ?")) {
                        read.setString(1, blobId);
                        try (ResultSet rs = read.executeQuery()) {
                            assertThat(rs.next()).isTrue();
                            stored = rs.getBytes(1);
                        }
                    }
                    stored[500] ^= 0x01;
                    try (PreparedStatement write = c.prepareStatement("UPDATE inline_blobs SET data = ? WHERE id = ?")) {
                        write.setBytes(1, stored);
                        write.setString(2, blobId);
                        assertThat(write.executeUpdate()).isEqualTo(1);
                    }
                }
                ArchiveScrubber.Report damaged = scrubber.scrub(d -> { });
                assertThat(damaged.damaged()).singleElement()
                        .satisfies(d -> assertThat(d.archiveId()).isEqualTo(smallId));
            }
        }
    }
}
