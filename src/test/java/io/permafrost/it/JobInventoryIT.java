package io.permafrost.it;

import io.permafrost.testing.ReferenceTreeHash;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.permafrost.glacier.GlacierDates;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.glacier.model.ActionCode;
import software.amazon.awssdk.services.glacier.model.DescribeJobResponse;
import software.amazon.awssdk.services.glacier.model.GetJobOutputResponse;
import software.amazon.awssdk.services.glacier.model.InventoryRetrievalJobDescription;
import software.amazon.awssdk.services.glacier.model.StatusCode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JobInventoryIT {
    private static final String ARN = "arn:aws:glacier:us-east-1:111122223333:vaults/stock";

    private TestServer server;
    private JobTestVault vault;
    private final List<Uploaded> uploaded = new ArrayList<>();

    /** What the test knows about an archive it uploaded, to compare with the inventory field by field. */
    private record Uploaded(String id, String description, String creationDate, long size, String treeHash) {
    }

    @BeforeEach
    void start() throws Exception {
        server = new TestServer();
        vault = new JobTestVault(server.client(), "stock");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private void upload(int size, String description) {
        server.clock().advance(Duration.ofSeconds(1));
        byte[] data = JobTestVault.pattern(size);
        Instant now = server.clock().instant();
        String id = vault.upload(data, description);
        uploaded.add(new Uploaded(id, description == null ? "" : description, GlacierDates.millis(now), size,
                ReferenceTreeHash.of(data)));
    }

    private void uploadFour() {
        upload(10, "plain");
        upload(2000, "comma, and \"quotes\"");
        upload(1, null);
        upload(70000, "back\\slash");
    }

    @Test
    void jsonInventoryListsEveryLiveArchiveFieldByField() throws Exception {
        uploadFour();
        vault.glacier.deleteArchive(b -> b.accountId("-").vaultName(vault.name).archiveId(uploaded.get(2).id()));
        List<Uploaded> live = List.of(uploaded.get(0), uploaded.get(1), uploaded.get(3));
        assertThat(vault.glacier.describeVault(b -> b.accountId("-").vaultName(vault.name)).lastInventoryDate()).isNull();

        String jobId = vault.start(p -> p.type("inventory-retrieval").description("weekly"));
        DescribeJobResponse d = vault.awaitCompleted(jobId);
        Instant taken = server.clock().instant();
        assertThat(d.action()).isEqualTo(ActionCode.INVENTORY_RETRIEVAL);
        assertThat(d.statusCode()).isEqualTo(StatusCode.SUCCEEDED);
        assertThat(d.archiveId()).isNull();
        assertThat(d.archiveSizeInBytes()).isNull();
        assertThat(d.sha256TreeHash()).isNull();
        assertThat(d.retrievalByteRange()).isNull();
        assertThat(d.tier()).isNull();
        assertThat(d.jobDescription()).isEqualTo("weekly");
        InventoryRetrievalJobDescription params = d.inventoryRetrievalParameters();
        assertThat(params.format()).isEqualTo("JSON");
        assertThat(params.marker()).isNull();
        assertThat(params.limit()).isNull();
        assertThat(params.startDate()).isNull();
        assertThat(params.endDate()).isNull();

        ResponseBytes<GetJobOutputResponse> out = vault.output(jobId, null);
        assertThat(out.response().contentType()).isEqualTo("application/json");
        assertThat(out.response().checksum()).isNull();
        assertThat(out.response().acceptRanges()).isEqualTo("bytes");
        assertThat((long) out.asByteArray().length).isEqualTo(d.inventorySizeInBytes());

        JsonNode inventory = new ObjectMapper().readTree(out.asByteArray());
        assertThat(inventory.get("VaultARN").asText()).isEqualTo(ARN);
        assertThat(inventory.get("InventoryDate").asText()).isEqualTo(GlacierDates.seconds(taken));
        JsonNode list = inventory.get("ArchiveList");
        assertThat(list).hasSize(live.size());
        for (int i = 0; i < live.size(); i++) {
            JsonNode a = list.get(i);
            Uploaded expected = live.get(i);
            assertThat(a.get("ArchiveId").asText()).isEqualTo(expected.id());
            assertThat(a.get("ArchiveDescription").asText()).isEqualTo(expected.description());
            assertThat(a.get("CreationDate").asText()).isEqualTo(expected.creationDate());
            assertThat(a.get("Size").asLong()).isEqualTo(expected.size());
            assertThat(a.get("SHA256TreeHash").asText()).isEqualTo(expected.treeHash());
        }
        assertThat(vault.glacier.describeVault(b -> b.accountId("-").vaultName(vault.name)).lastInventoryDate())
                .isEqualTo(GlacierDates.millis(taken));

        ResponseBytes<GetJobOutputResponse> head = vault.output(jobId, "bytes=0-9");
        assertThat(head.response().status()).isEqualTo(206);
        assertThat(head.response().contentRange()).isEqualTo("bytes 0-9/" + out.asByteArray().length);
        assertThat(head.asByteArray()).isEqualTo(Arrays.copyOf(out.asByteArray(), 10));
    }

    @Test
    void csvInventoryParsesBackToTheSameFields() throws Exception {
        uploadFour();
        String jobId = vault.start(p -> p.type("inventory-retrieval").format("CSV"));
        DescribeJobResponse d = vault.awaitCompleted(jobId);
        assertThat(d.inventoryRetrievalParameters().format()).isEqualTo("CSV");
        ResponseBytes<GetJobOutputResponse> out = vault.output(jobId, null);
        assertThat(out.response().contentType()).isEqualTo("text/csv");
        String text = out.asString(StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        String[] lines = text.split("\n");
        assertThat(lines[0]).isEqualTo("ArchiveId,ArchiveDescription,CreationDate,Size,SHA256TreeHash");
        assertThat(lines).hasSize(uploaded.size() + 1);
        for (int i = 0; i < uploaded.size(); i++) {
            List<String> fields = awsCsvFields(lines[i + 1]);
            Uploaded expected = uploaded.get(i);
            assertThat(fields).containsExactly(expected.id(), expected.description(), expected.creationDate(),
                    Long.toString(expected.size()), expected.treeHash());
        }
        assertThat(lines[2]).contains("\"comma, and \\\"quotes\\\"\"");
    }

    /** Splits one line by AWS's CSV rule: quoted fields escape {@code "} as {@code \"}, nothing else. */
    private static List<String> awsCsvFields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    @Test
    void limitAndMarkerPageThroughTheVault() throws Exception {
        for (int i = 0; i < 5; i++) {
            upload(100 + i, "archive " + i);
        }
        List<String> seen = new ArrayList<>();
        String marker = null;
        int jobs = 0;
        do {
            String from = marker;
            String jobId = vault.start(p -> p.type("inventory-retrieval")
                    .inventoryRetrievalParameters(i -> i.limit("2").marker(from)));
            DescribeJobResponse d = vault.awaitCompleted(jobId);
            assertThat(d.inventoryRetrievalParameters().limit()).isEqualTo("2");
            JsonNode list = new ObjectMapper().readTree(vault.output(jobId, null).asByteArray()).get("ArchiveList");
            assertThat(list.size()).isLessThanOrEqualTo(2);
            list.forEach(a -> seen.add(a.get("ArchiveId").asText()));
            marker = d.inventoryRetrievalParameters().marker();
            jobs++;
        } while (marker != null && jobs < 10);
        assertThat(jobs).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(uploaded.stream().map(Uploaded::id).toList());
    }

    @Test
    void dateFilterKeepsArchivesCreatedInTheWindowAndEchoesTheDates() throws Exception {
        for (int i = 0; i < 4; i++) {
            upload(10, null);
        }
        // Uploads are one second apart; take the second and third.
        String start = GlacierDates.seconds(Instant.parse(uploaded.get(1).creationDate()));
        String end = GlacierDates.seconds(Instant.parse(uploaded.get(3).creationDate()));
        String jobId = vault.start(p -> p.type("inventory-retrieval").format("CSV")
                .inventoryRetrievalParameters(i -> i.startDate(start).endDate(end)));
        DescribeJobResponse d = vault.awaitCompleted(jobId);
        assertThat(d.inventoryRetrievalParameters().startDate()).isEqualTo(start);
        assertThat(d.inventoryRetrievalParameters().endDate()).isEqualTo(end);
        String[] lines = vault.output(jobId, null).asString(StandardCharsets.UTF_8).split("\n");
        assertThat(Arrays.stream(lines).skip(1).map(l -> l.substring(0, l.indexOf(','))).toList())
                .containsExactly(uploaded.get(1).id(), uploaded.get(2).id());
    }

    @Test
    void emptyVaultHasAnEmptyInventory() throws Exception {
        String jobId = vault.start(p -> p.type("inventory-retrieval"));
        vault.awaitCompleted(jobId);
        JsonNode inventory = new ObjectMapper().readTree(vault.output(jobId, null).asByteArray());
        assertThat(inventory.get("ArchiveList")).isEmpty();
    }
}
