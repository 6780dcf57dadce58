package io.permafrost.clients;

import io.permafrost.testing.ReferenceTreeHash;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierAsyncClient;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.JobParameters;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AWS SDK for Java v2 (glacier 2.41.30 with the SDK BOM 2.57.8): the same workflow through each HTTP
 * client -- sync Apache and URL connection, async Netty and CRT. The SDK never decides multipart by
 * size, so the multipart upload is two explicit 1 MiB parts.
 */
class V2SdkClientsIT extends MatrixTest {
    private static final int MIB = 1024 * 1024;

    @ParameterizedTest
    @ValueSource(strings = {"apache", "url-connection"})
    void syncClientRunsTheWholeWorkflow(String httpClient) {
        try (GlacierClient client = syncClient(httpClient)) {
            runWorkflow("v2-" + httpClient, new SyncCalls(client));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"netty", "crt"})
    void asyncClientRunsTheWholeWorkflow(String httpClient) {
        try (GlacierAsyncClient client = asyncClient(httpClient)) {
            runWorkflow("v2-" + httpClient, new AsyncCalls(client));
        }
    }

    private static void runWorkflow(String vault, GlacierCalls glacier) {
        byte[] small = ("archived through " + vault).getBytes(StandardCharsets.UTF_8);
        byte[] big = new byte[2 * MIB];
        new Random(7).nextBytes(big);

        glacier.createVault(vault);
        String smallId = glacier.upload(vault, small);
        String bigId = glacier.uploadInParts(vault, big, MIB);
        assertThat(glacier.vaultNames()).contains(vault);

        String inventory = glacier.completedJob(vault, JobParameters.builder().type("inventory-retrieval").build());
        assertThat(new String(glacier.output(vault, inventory), StandardCharsets.UTF_8)).contains(smallId, bigId);
        for (String id : List.of(smallId, bigId)) {
            String job = glacier.completedJob(vault, JobParameters.builder().type("archive-retrieval").archiveId(id)
                    .build());
            assertThat(glacier.output(vault, job)).isEqualTo(id.equals(smallId) ? small : big);
        }
        glacier.deleteArchive(vault, smallId);
        glacier.deleteArchive(vault, bigId);
        glacier.deleteVault(vault);
    }

    /** The workflow's calls, so that one workflow drives both the sync and the async client. */
    private interface GlacierCalls {
        void createVault(String vault);

        String upload(String vault, byte[] data);

        String uploadInParts(String vault, byte[] data, int partSize);

        List<String> vaultNames();

        String completedJob(String vault, JobParameters parameters);

        byte[] output(String vault, String jobId);

        void deleteArchive(String vault, String archiveId);

        void deleteVault(String vault);
    }

    private record SyncCalls(GlacierClient client) implements GlacierCalls {
        public void createVault(String vault) {
            client.createVault(b -> b.vaultName(vault));
        }

        public String upload(String vault, byte[] data) {
            return client.uploadArchive(b -> b.vaultName(vault).checksum(ReferenceTreeHash.of(data)),
                    RequestBody.fromBytes(data)).archiveId();
        }

        public String uploadInParts(String vault, byte[] data, int partSize) {
            String uploadId = client.initiateMultipartUpload(b -> b.vaultName(vault).partSize(String.valueOf(partSize)))
                    .uploadId();
            for (int from = 0; from < data.length; from += partSize) {
                byte[] part = Arrays.copyOfRange(data, from, Math.min(data.length, from + partSize));
                String range = "bytes " + from + "-" + (from + part.length - 1) + "/*";
                client.uploadMultipartPart(b -> b.vaultName(vault).uploadId(uploadId).range(range)
                        .checksum(ReferenceTreeHash.of(part)), RequestBody.fromBytes(part));
            }
            return client.completeMultipartUpload(b -> b.vaultName(vault).uploadId(uploadId)
                    .archiveSize(String.valueOf(data.length)).checksum(ReferenceTreeHash.of(data))).archiveId();
        }

        public List<String> vaultNames() {
            return client.listVaults().vaultList().stream().map(v -> v.vaultName()).toList();
        }

        public String completedJob(String vault, JobParameters parameters) {
            String jobId = client.initiateJob(b -> b.vaultName(vault).jobParameters(parameters)).jobId();
            while (!client.describeJob(b -> b.vaultName(vault).jobId(jobId)).completed()) {
                pause();
            }
            return jobId;
        }

        public byte[] output(String vault, String jobId) {
            return client.getJobOutput(b -> b.vaultName(vault).jobId(jobId), ResponseTransformer.toBytes()).asByteArray();
        }

        public void deleteArchive(String vault, String archiveId) {
            client.deleteArchive(b -> b.vaultName(vault).archiveId(archiveId));
        }

        public void deleteVault(String vault) {
            client.deleteVault(b -> b.vaultName(vault));
        }
    }

    private record AsyncCalls(GlacierAsyncClient client) implements GlacierCalls {
        public void createVault(String vault) {
            client.createVault(b -> b.vaultName(vault)).join();
        }

        public String upload(String vault, byte[] data) {
            return client.uploadArchive(b -> b.vaultName(vault).checksum(ReferenceTreeHash.of(data)),
                    AsyncRequestBody.fromBytes(data)).join().archiveId();
        }

        public String uploadInParts(String vault, byte[] data, int partSize) {
            String uploadId = client.initiateMultipartUpload(b -> b.vaultName(vault).partSize(String.valueOf(partSize)))
                    .join().uploadId();
            for (int from = 0; from < data.length; from += partSize) {
                byte[] part = Arrays.copyOfRange(data, from, Math.min(data.length, from + partSize));
                String range = "bytes " + from + "-" + (from + part.length - 1) + "/*";
                client.uploadMultipartPart(b -> b.vaultName(vault).uploadId(uploadId).range(range)
                        .checksum(ReferenceTreeHash.of(part)), AsyncRequestBody.fromBytes(part)).join();
            }
            return client.completeMultipartUpload(b -> b.vaultName(vault).uploadId(uploadId)
                    .archiveSize(String.valueOf(data.length)).checksum(ReferenceTreeHash.of(data))).join().archiveId();
        }

        public List<String> vaultNames() {
            return client.listVaults().join().vaultList().stream().map(v -> v.vaultName()).toList();
        }

        public String completedJob(String vault, JobParameters parameters) {
            String jobId = client.initiateJob(b -> b.vaultName(vault).jobParameters(parameters)).join().jobId();
            while (!client.describeJob(b -> b.vaultName(vault).jobId(jobId)).join().completed()) {
                pause();
            }
            return jobId;
        }

        public byte[] output(String vault, String jobId) {
            return client.getJobOutput(b -> b.vaultName(vault).jobId(jobId), AsyncResponseTransformer.toBytes())
                    .join().asByteArray();
        }

        public void deleteArchive(String vault, String archiveId) {
            client.deleteArchive(b -> b.vaultName(vault).archiveId(archiveId)).join();
        }

        public void deleteVault(String vault) {
            client.deleteVault(b -> b.vaultName(vault)).join();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static GlacierClient syncClient(String httpClient) {
        var builder = GlacierClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(keys());
        return switch (httpClient) {
            case "apache" -> builder.httpClientBuilder(ApacheHttpClient.builder()).build();
            case "url-connection" -> builder.httpClientBuilder(UrlConnectionHttpClient.builder()).build();
            default -> throw new IllegalArgumentException(httpClient);
        };
    }

    private static GlacierAsyncClient asyncClient(String httpClient) {
        var builder = GlacierAsyncClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(keys());
        return switch (httpClient) {
            case "netty" -> builder.httpClientBuilder(NettyNioAsyncHttpClient.builder()).build();
            case "crt" -> builder.httpClientBuilder(AwsCrtAsyncHttpClient.builder()).build();
            default -> throw new IllegalArgumentException(httpClient);
        };
    }

    private static StaticCredentialsProvider keys() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(MatrixServer.KEY, MatrixServer.SECRET));
    }
}
