package io.permafrost.it;

import io.permafrost.testing.ReferenceTreeHash;
import io.permafrost.testing.TestObjectStore;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The orphan collection of a cluster node on the test object store, raced by uploads: with the server's
 * clock a day and more ahead of the objects' own dates, every object looks old enough to collect, so only
 * the references and the writers' notes keep the collector away. Archives and parts being uploaded while
 * it runs pass after pass are all still there, whole, afterwards. Skipped, saying why, without an object
 * store.
 */
class ClusterOrphanCollectionIT {
    private TestServer node;

    @AfterEach
    void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void uploadsRacingTheCollectorLoseNothing() throws Exception {
        TestObjectStore.settingsOrSkip();
        node = TestServer.clusterNode();
        node.clock().advance(Duration.ofHours(25));
        GlacierClient glacier = node.client();
        JobTestVault vault = new JobTestVault(glacier, "raced");
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean uploading = new AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicLong blobs = new java.util.concurrent.atomic.AtomicLong();
        CompletableFuture<Void> uploads = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < 30; i++) {
                    boolean inParts = i % 3 == 0;
                    // In parts: two MiB and i bytes, so two or three parts of one MiB (the last one short).
                    byte[] body = inParts ? JobTestVault.pattern((2 << 20) + i)
                            : ("archive " + i + " ").repeat(100).getBytes(StandardCharsets.UTF_8);
                    String id = inParts ? vault.uploadMultipart(body, 1 << 20, "in parts " + i)
                            : glacier.uploadArchive(b -> b.accountId("-").vaultName("raced")
                                    .checksum(ReferenceTreeHash.of(body)), RequestBody.fromBytes(body)).archiveId();
                    acknowledged.put(id, ReferenceTreeHash.of(body));
                    blobs.addAndGet(inParts ? (body.length + (1 << 20) - 1) / (1 << 20) : 1);
                }
            } finally {
                uploading.set(false);
            }
        });
        int passes = 0;
        while (uploading.get()) {
            node.runMaintenanceNow();
            passes++;
        }
        uploads.get(2, TimeUnit.MINUTES);
        node.runMaintenanceNow();

        assertThat(passes).as("collection passes run during the uploads").isPositive();
        assertThat(acknowledged).hasSize(30);
        assertThat(node.blobFileCount()).as("every archive's blob (one per small archive, one per part)")
                .isEqualTo(blobs.get());
        for (Map.Entry<String, String> archive : acknowledged.entrySet()) {
            String jobId = vault.retrieve(archive.getKey());
            vault.awaitCompleted(jobId);
            assertThat(ReferenceTreeHash.of(vault.output(jobId, null).asByteArray())).isEqualTo(archive.getValue());
        }
    }
}
