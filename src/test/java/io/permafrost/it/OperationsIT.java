package io.permafrost.it;

import io.permafrost.testing.EmbeddedOnly;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.permafrost.cli.OperationsSettings;
import io.permafrost.glacier.TreeHash;
import io.permafrost.testing.Eventually;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin port and the access log, after a known SDK workload: /metrics counts exactly those
 * requests, the health endpoints answer, and the access log has one complete line per request. The
 * admin port is plain HTTP without a signature, so it is read with the JDK's HTTP client.
 */
class OperationsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VAULT = "ops";

    private Path accessLog;
    private TestServer server;
    private GlacierClient glacier;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        accessLog = Files.createTempFile("permafrost-access", ".log");
        server = new TestServer(List.of(), c -> c.withOperations(OperationsSettings.off().withAdminPort(0)
                .withAccessLog(accessLog)));
        glacier = server.client();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        Files.deleteIfExists(accessLog);
    }

    /** 1 CreateVault, 3 UploadArchive (100, 200, 300 bytes), 1 DescribeVault, 1 DescribeVault of a missing vault. */
    private List<String> workload() {
        List<String> requestIds = new ArrayList<>();
        requestIds.add(glacier.createVault(b -> b.accountId("-").vaultName(VAULT)).responseMetadata().requestId());
        for (int size : new int[] {100, 200, 300}) {
            byte[] data = new byte[size];
            requestIds.add(glacier.uploadArchive(b -> b.accountId("-").vaultName(VAULT).checksum(TreeHash.of(data)),
                    RequestBody.fromBytes(data)).responseMetadata().requestId());
        }
        requestIds.add(glacier.describeVault(b -> b.accountId("-").vaultName(VAULT)).responseMetadata().requestId());
        ExpectedError.of(() -> glacier.describeVault(b -> b.accountId("-").vaultName("missing")), 404,
                "ResourceNotFoundException");
        return requestIds;
    }

    @Test
    void metricsCountTheWorkloadByOperationAndStatus() {
        workload();

        String metrics = Eventually.value(() -> get("/metrics").body(),
                m -> m.contains("permafrost_requests_seconds_count{operation=\"DescribeVault\",status=\"404\"} 1"));

        assertThat(metrics)
                .contains("permafrost_requests_seconds_count{operation=\"CreateVault\",status=\"201\"} 1")
                .contains("permafrost_requests_seconds_count{operation=\"UploadArchive\",status=\"201\"} 3")
                .contains("permafrost_requests_seconds_count{operation=\"DescribeVault\",status=\"200\"} 1")
                .contains("permafrost_received_bytes_total{operation=\"UploadArchive\"} 600")
                .contains("permafrost_requests_seconds_bucket{operation=\"UploadArchive\",status=\"201\",le=\"+Inf\"} 3")
                .contains("permafrost_compliance_clock_lead_seconds 0")
                .contains("jvm_memory_used_bytes");
        assertThat(metrics).containsPattern("permafrost_sent_bytes_total\\{operation=\"DescribeVault\"} [1-9]");
        // Free space of the data directory's filesystem: a full disk refuses every write (503), so it is what to alert on.
        assertThat(metrics).containsPattern("disk_free_bytes\\{path=\"" + java.util.regex.Pattern.quote(
                server.dataDir().toFile().getAbsolutePath()) + "\"} [1-9]");
    }

    @Test
    void healthEndpointsAnswerReadyOnAHealthyServer() throws Exception {
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(ready.body());
        assertThat(body.get("status").asText()).isEqualTo("ready");
        assertThat(body.get("complianceClock").get("alarm").asBoolean()).isFalse();
    }

    @Test
    @EmbeddedOnly("removes the blob store's temporary directory from the data directory; an object store has none")
    void readinessNamesAMissingBlobTemporaryDirectory() throws Exception {
        Path blobTemp = server.dataDir().resolve("blobs").resolve("tmp");
        Files.delete(blobTemp);
        HttpResponse<String> unready = get("/health/ready");
        Files.createDirectory(blobTemp);

        assertThat(unready.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(unready.body()).get("problems").get("blobs").asText()).contains("tmp");
        assertThat(get("/health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void theAccessLogHasOneCompleteLinePerRequest() throws Exception {
        List<String> requestIds = workload();

        List<String> lines = Eventually.value(this::accessLogLines, l -> l.size() >= 6);

        assertThat(lines).hasSize(6);
        List<JsonNode> records = new ArrayList<>();
        for (String line : lines) {
            records.add(JSON.readTree(line));
        }
        assertThat(records).extracting(r -> r.get("operation").asText()).containsExactly("CreateVault",
                "UploadArchive", "UploadArchive", "UploadArchive", "DescribeVault", "DescribeVault");
        assertThat(records).extracting(r -> r.get("status").asInt()).containsExactly(201, 201, 201, 201, 200, 404);
        assertThat(records.subList(0, 5)).extracting(r -> r.get("requestId").asText())
                .containsExactlyElementsOf(requestIds);
        JsonNode upload = records.get(2);
        assertThat(upload.get("principal").asText()).isEqualTo("arn:aws:iam::" + TestServer.ACCOUNT + ":root");
        assertThat(upload.get("vault").asText()).isEqualTo(VAULT);
        assertThat(upload.get("bytesIn").asLong()).isEqualTo(200);
        assertThat(upload.get("bytesOut").asLong()).isZero();
        assertThat(upload.get("durationMs").asDouble()).isNotNegative();
        assertThat(upload.get("remoteAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(upload.get("userAgent").asText()).contains("aws-sdk-java");
        assertThat(upload.get("time").asText()).isNotEmpty();
        assertThat(records.get(5).get("vault").asText()).isEqualTo("missing");
    }

    private List<String> accessLogLines() {
        try {
            return Files.readAllLines(accessLog);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.adminPort() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
