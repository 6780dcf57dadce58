package io.permafrost.clients;

import com.google.common.hash.HashCode;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.glacier.GlacierClient;
import org.jclouds.glacier.domain.ArchiveMetadata;
import org.jclouds.glacier.domain.ArchiveRetrievalJobRequest;
import org.jclouds.glacier.domain.InventoryRetrievalJobRequest;
import org.jclouds.glacier.domain.VaultMetadata;
import org.jclouds.glacier.util.ContentRange;
import org.jclouds.io.Payload;
import org.jclouds.io.Payloads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Apache jclouds glacier 2.7.0: its Glacier API (every call of the workflow, multipart with the part
 * numbers and tree hashes jclouds computes) and its BlobStore view, whose multipart {@code putBlob}
 * chooses the part size itself. jclouds signs {@code host} without the port it sends, so this also
 * proves a non-80 port works. Its BlobStore {@code getBlob} is not run: it waits hours between polls of
 * the retrieval job, as AWS would make it.
 */
class JcloudsClientIT extends MatrixTest {
    private static final int MIB = 1024 * 1024;
    private static BlobStoreContext context;
    private static GlacierClient glacier;

    @BeforeAll
    static void start() {
        context = ContextBuilder.newBuilder("glacier").endpoint(server.endpoint().toString())
                .credentials(MatrixServer.KEY, MatrixServer.SECRET).buildView(BlobStoreContext.class);
        glacier = context.unwrapApi(GlacierClient.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void glacierApiRunsTheWholeWorkflow() throws Exception {
        String vault = "jclouds";
        byte[] small = "archived by jclouds".getBytes(StandardCharsets.UTF_8);
        byte[] big = randomBytes(2 * MIB);

        glacier.createVault(vault);
        String smallId = glacier.uploadArchive(vault, Payloads.newByteArrayPayload(small), "small");
        String bigId = uploadInParts(vault, big);
        assertThat(StreamSupport.stream(glacier.listVaults().spliterator(), false).map(VaultMetadata::getVaultName))
                .contains(vault);

        String inventory = completedJob(vault, glacier.initiateJob(vault, InventoryRetrievalJobRequest.builder().build()));
        assertThat(StreamSupport.stream(glacier.getInventoryRetrievalOutput(vault, inventory).spliterator(), false)
                .map(ArchiveMetadata::getArchiveId)).contains(smallId, bigId);
        assertThat(retrieve(vault, smallId)).isEqualTo(small);
        assertThat(retrieve(vault, bigId)).isEqualTo(big);

        assertThat(glacier.deleteArchive(vault, smallId)).isTrue();
        assertThat(glacier.deleteArchive(vault, bigId)).isTrue();
        assertThat(glacier.deleteVault(vault)).isTrue();
    }

    @Test
    void blobStoreMultipartPutChoosesItsPartsAndTheArchiveComesBackWhole() throws Exception {
        String vault = "jclouds-blobstore";
        byte[] data = randomBytes(3 * MIB + 17);
        BlobStore blobStore = context.getBlobStore();
        assertThat(blobStore.createContainerInLocation(null, vault)).isTrue();
        assertThat(blobStore.containerExists(vault)).isTrue();

        String archiveId = blobStore.putBlob(vault, blobStore.blobBuilder("three-and-a-bit-mib").payload(data)
                .contentLength(data.length).build(), PutOptions.Builder.multipart());
        assertThat(glacier.listMultipartUploads(vault)).isEmpty();
        assertThat(retrieve(vault, archiveId)).isEqualTo(data);

        blobStore.removeBlob(vault, archiveId);
        assertThat(glacier.deleteVault(vault)).isTrue();
    }

    /** Two 1 MiB parts, each with the tree hash jclouds computes; the complete call sends their tree hash. */
    private static String uploadInParts(String vault, byte[] data) {
        String uploadId = glacier.initiateMultipartUpload(vault, 1, "big");
        Map<Integer, HashCode> partHashes = new HashMap<>();
        for (int part = 0; part * MIB < data.length; part++) {
            byte[] slice = Arrays.copyOfRange(data, part * MIB, Math.min(data.length, (part + 1) * MIB));
            partHashes.put(part, glacier.uploadPart(vault, uploadId, ContentRange.fromPartNumber(part, 1),
                    Payloads.newByteArrayPayload(slice)));
        }
        return glacier.completeMultipartUpload(vault, uploadId, partHashes, data.length);
    }

    private static byte[] retrieve(String vault, String archiveId) throws Exception {
        String job = completedJob(vault, glacier.initiateJob(vault,
                ArchiveRetrievalJobRequest.builder().archiveId(archiveId).build()));
        Payload output = glacier.getJobOutput(vault, job);
        try (InputStream body = output.openStream()) {
            return body.readAllBytes();
        } finally {
            output.release();
        }
    }

    private static String completedJob(String vault, String jobId) throws InterruptedException {
        while (!glacier.describeJob(vault, jobId).isCompleted()) {
            Thread.sleep(100);
        }
        return jobId;
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
