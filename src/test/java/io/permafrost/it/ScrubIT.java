package io.permafrost.it;

import io.permafrost.testing.EmbeddedOnly;
import io.permafrost.glacier.TreeHash;
import io.permafrost.testing.AtRestDamage;
import io.permafrost.testing.DataDirAudit;
import io.permafrost.store.ScrubResult;
import io.permafrost.store.embedded.EmbeddedBlobStore;
import io.permafrost.store.embedded.FileBlobStore;
import io.permafrost.store.embedded.SqliteMetadataStore;
import io.permafrost.testing.TestServer;
import io.permafrost.vault.ArchiveScrubber;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The scrub re-verifies archives at rest and names exactly the one whose bytes were damaged. */
@EmbeddedOnly("damages blob files of a data directory and scrubs it")
class ScrubIT {
    private static final int MIB = 1024 * 1024;

    @Test
    void namesTheDamagedMibs() throws Exception {
        try (TestServer server = new TestServer()) {
            GlacierClient glacier = server.client();
            glacier.createVault(b -> b.accountId("-").vaultName("v"));
            byte[] data = new byte[3 * MIB + 5];
            new Random(3).nextBytes(data);
            String archiveId = glacier.uploadArchive(b -> b.accountId("-").vaultName("v").checksum(TreeHash.of(data)),
                    RequestBody.fromBytes(data)).archiveId();
            Path dataDir = server.dataDir();
            String blobId = DataDirAudit.of(dataDir).archives().get(archiveId).segments().get(0).blobId();
            AtRestDamage damage = new AtRestDamage(dataDir);
            damage.zero(blobId, 10, 4);
            damage.zero(blobId, 2 * MIB + 3, 1);

            try (SqliteMetadataStore metadata = new SqliteMetadataStore(dataDir.resolve("metadata.db"))) {
                ArchiveScrubber scrubber = new ArchiveScrubber(metadata,
                        new EmbeddedBlobStore(metadata, new FileBlobStore(dataDir.resolve("blobs"))), Clock.systemUTC());
                assertThat(scrubber.scrub(d -> { }).damaged()).singleElement().satisfies(d -> {
                    assertThat(d.archiveId()).isEqualTo(archiveId);
                    assertThat(d.problem()).isEqualTo("blob " + blobId + ": MiB 0 (archive bytes 0-1048575), "
                            + "MiB 2 (archive bytes 2097152-3145727) do not match their recorded hashes");
                });
            }
        }
    }

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
                        new EmbeddedBlobStore(metadata, new FileBlobStore(data.resolve("blobs"))), Clock.systemUTC());
                ArchiveScrubber.Report clean = scrubber.scrub(d -> { });
                assertThat(clean.archives()).isEqualTo(2);
                assertThat(clean.bytes()).isEqualTo(small.length + big.length);
                assertThat(clean.damaged()).isEmpty();

                String blobId = metadata.archives().find(
                        metadata.vaults().find(TestServer.ACCOUNT, "v").orElseThrow().id(), smallId)
                        .orElseThrow().segments().get(0).blobId();
                // A 1000-byte archive is kept inline in the metadata database: damage it there.
                assertThat(blobId).startsWith("i");
                new AtRestDamage(data).zero(blobId, 500, 4);
                ArchiveScrubber.Report damaged = scrubber.scrub(d -> { });
                assertThat(damaged.damaged()).singleElement()
                        .satisfies(d -> assertThat(d.archiveId()).isEqualTo(smallId));
                // Each result is kept for evidence: the damaged one with the hash its bytes have now.
                List<io.permafrost.store.EvidenceStore.ScrubbedArchive> kept = new ArrayList<>();
                metadata.evidence().scanWithScrubs(metadata.vaults().find(TestServer.ACCOUNT, "v").orElseThrow().id(),
                        kept::add);
                assertThat(kept).hasSize(2).allSatisfy(row -> {
                    ScrubResult scrub = row.lastScrub();
                    if (row.archive().archiveId().equals(smallId)) {
                        assertThat(scrub.outcome()).isEqualTo(ScrubResult.Outcome.MISMATCH);
                        assertThat(scrub.computedHash()).hasSize(64).isNotEqualTo(TreeHash.of(small));
                    } else {
                        assertThat(scrub.outcome()).isEqualTo(ScrubResult.Outcome.OK);
                        assertThat(scrub.computedHash()).isEqualTo(TreeHash.of(big));
                    }
                });
            }
        }
    }
}
