package io.permafrost.it;

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
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** /metrics after a known job workload: the jobs by status and tier the store holds, and the stores' latencies. */
class JobMetricsIT {
    private static final String VAULT = "metered";

    private TestServer server;
    private GlacierClient glacier;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(List.of(), c -> c.withOperations(OperationsSettings.off().withAdminPort(0)));
        glacier = server.client();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void jobsByStatusAndTierAndStoreLatencies() {
        glacier.createVault(b -> b.accountId("-").vaultName(VAULT));
        byte[] data = new byte[100];
        String archiveId = glacier.uploadArchive(b -> b.accountId("-").vaultName(VAULT).checksum(TreeHash.of(data)),
                RequestBody.fromBytes(data)).archiveId();
        List<String> jobs = new ArrayList<>();
        for (String tier : new String[] {"Standard", "Standard", "Bulk"}) {
            jobs.add(glacier.initiateJob(b -> b.accountId("-").vaultName(VAULT)
                    .jobParameters(p -> p.type("archive-retrieval").archiveId(archiveId).tier(tier))).jobId());
        }
        for (String job : jobs) {
            Eventually.value(() -> glacier.describeJob(b -> b.accountId("-").vaultName(VAULT).jobId(job)).completed(),
                    Boolean::booleanValue);
        }

        String metrics = get("/metrics");

        assertThat(metrics).contains("permafrost_jobs{status=\"Succeeded\",tier=\"Standard\"} 2.0",
                "permafrost_jobs{status=\"Succeeded\",tier=\"Bulk\"} 1.0");
        assertThat(metrics).doesNotContain("permafrost_jobs{status=\"InProgress\"", "permafrost_jobs{status=\"Failed\"");
        assertThat(metrics).containsPattern("permafrost_store_metadata_seconds_count\\{operation=\"insert\","
                + "store=\"archives\"} 1(\\.0)?\\n");
        assertThat(metrics).containsPattern("permafrost_store_metadata_seconds_count\\{operation=\"create\","
                + "store=\"jobs\"} 3(\\.0)?\\n");
        assertThat(metrics).containsPattern("permafrost_store_blob_seconds_count\\{operation=\"commit\"} [1-9]");
        assertThat(metrics).contains("permafrost_compliance_clock_lead_seconds");
    }

    private String get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.adminPort() + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
