package io.permafrost.clients;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.glacier.AmazonGlacier;
import com.amazonaws.services.glacier.AmazonGlacierClientBuilder;
import com.amazonaws.services.glacier.TreeHashGenerator;
import com.amazonaws.services.glacier.model.CreateVaultRequest;
import com.amazonaws.services.glacier.model.DeleteArchiveRequest;
import com.amazonaws.services.glacier.model.DeleteVaultRequest;
import com.amazonaws.services.glacier.model.DescribeJobRequest;
import com.amazonaws.services.glacier.model.GetJobOutputRequest;
import com.amazonaws.services.glacier.model.InitiateJobRequest;
import com.amazonaws.services.glacier.model.JobParameters;
import com.amazonaws.services.glacier.model.ListVaultsRequest;
import com.amazonaws.services.glacier.model.UploadArchiveRequest;
import com.amazonaws.services.glacier.transfer.ArchiveTransferManager;
import com.amazonaws.services.glacier.transfer.ArchiveTransferManagerBuilder;
import com.amazonaws.services.glacier.transfer.UploadResult;
import com.amazonaws.services.sns.AmazonSNS;
import com.amazonaws.services.sns.AmazonSNSClientBuilder;
import com.amazonaws.services.sqs.AmazonSQS;
import com.amazonaws.services.sqs.AmazonSQSClientBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AWS SDK for Java v1 (1.12): the low-level client, and ArchiveTransferManager, which uploads above
 * 100 MiB in parts and downloads through an SQS queue and SNS topic of its own (this server's).
 */
class V1SdkClientIT extends MatrixTest {
    private static final long BIG = 101L * 1024 * 1024;
    private static AmazonGlacier glacier;
    private static AmazonSQS sqs;
    private static AmazonSNS sns;

    @BeforeAll
    static void start() throws Exception {
        EndpointConfiguration endpoint = new EndpointConfiguration(server.endpoint().toString(), MatrixServer.REGION);
        AWSStaticCredentialsProvider keys = new AWSStaticCredentialsProvider(
                new BasicAWSCredentials(MatrixServer.KEY, MatrixServer.SECRET));
        glacier = AmazonGlacierClientBuilder.standard().withEndpointConfiguration(endpoint).withCredentials(keys).build();
        sqs = AmazonSQSClientBuilder.standard().withEndpointConfiguration(endpoint).withCredentials(keys).build();
        sns = AmazonSNSClientBuilder.standard().withEndpointConfiguration(endpoint).withCredentials(keys).build();
    }

    @AfterAll
    static void stop() throws Exception {
        glacier.shutdown();
        sqs.shutdown();
        sns.shutdown();
    }

    @Test
    void lowLevelClientRunsTheWholeWorkflow() throws Exception {
        glacier.createVault(new CreateVaultRequest().withVaultName("v1-low"));
        byte[] data = "archived by the v1 SDK".getBytes(StandardCharsets.UTF_8);
        String archiveId = glacier.uploadArchive(new UploadArchiveRequest().withVaultName("v1-low")
                .withChecksum(TreeHashGenerator.calculateTreeHash(new ByteArrayInputStream(data)))
                .withContentLength((long) data.length).withBody(new ByteArrayInputStream(data))).getArchiveId();
        assertThat(glacier.listVaults(new ListVaultsRequest()).getVaultList())
                .anySatisfy(v -> assertThat(v.getVaultName()).isEqualTo("v1-low"));

        String inventory = completedJob("v1-low", new JobParameters().withType("inventory-retrieval"));
        assertThat(new String(output("v1-low", inventory), StandardCharsets.UTF_8)).contains(archiveId);
        String retrieval = completedJob("v1-low", new JobParameters().withType("archive-retrieval")
                .withArchiveId(archiveId));
        assertThat(output("v1-low", retrieval)).isEqualTo(data);

        glacier.deleteArchive(new DeleteArchiveRequest().withVaultName("v1-low").withArchiveId(archiveId));
        glacier.deleteVault(new DeleteVaultRequest().withVaultName("v1-low"));
    }

    @Test
    void archiveTransferManagerUploadsInPartsAndDownloadsThroughSqsAndSns() throws Exception {
        glacier.createVault(new CreateVaultRequest().withVaultName("v1-atm"));
        Path dir = Files.createTempDirectory("atm");
        Path upload = dir.resolve("big.bin");
        byte[] expected = writeRandom(upload, BIG);
        ArchiveTransferManager atm = new ArchiveTransferManagerBuilder().withGlacierClient(glacier)
                .withSqsClient(sqs).withSnsClient(sns).build();
        UploadResult uploaded = atm.upload("v1-atm", "big", upload.toFile());

        Path download = dir.resolve("back.bin");
        atm.download("v1-atm", uploaded.getArchiveId(), download.toFile());
        assertThat(sha256(download)).isEqualTo(expected);

        glacier.deleteArchive(new DeleteArchiveRequest().withVaultName("v1-atm").withArchiveId(uploaded.getArchiveId()));
        glacier.deleteVault(new DeleteVaultRequest().withVaultName("v1-atm"));
        Files.delete(upload);
        Files.delete(download);
        Files.delete(dir);
    }

    private String completedJob(String vault, JobParameters parameters) throws InterruptedException {
        String jobId = glacier.initiateJob(new InitiateJobRequest().withVaultName(vault).withJobParameters(parameters))
                .getJobId();
        while (!glacier.describeJob(new DescribeJobRequest().withVaultName(vault).withJobId(jobId)).isCompleted()) {
            Thread.sleep(100);
        }
        return jobId;
    }

    private byte[] output(String vault, String jobId) throws Exception {
        try (InputStream body = glacier.getJobOutput(new GetJobOutputRequest().withVaultName(vault).withJobId(jobId))
                .getBody()) {
            return body.readAllBytes();
        }
    }

    /** Writes {@code size} pseudo-random bytes; returns their SHA-256. */
    static byte[] writeRandom(Path file, long size) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        Random random = new Random(size);
        byte[] chunk = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                int n = (int) Math.min(chunk.length, left);
                out.write(chunk, 0, n);
                digest.update(chunk, 0, n);
            }
        }
        return digest.digest();
    }

    static byte[] sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1024 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return digest.digest();
    }
}
