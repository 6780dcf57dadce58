package io.permafrost.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.permafrost.glacier.GlacierDates;
import io.permafrost.testing.TestServer;
import io.permafrost.vault.InventorySettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glacier.model.DescribeJobResponse;
import software.amazon.awssdk.services.glacier.model.DescribeVaultResponse;
import software.amazon.awssdk.services.glacier.model.StatusCode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduled inventory mode (docs/jobs.md): every vault is snapshotted once per interval on the
 * server's clock, and inventory jobs return the latest snapshot, so what they list and the vault's
 * LastInventoryDate lag writes until the next snapshot, as on AWS.
 */
class JobInventoryScheduleIT {
    private static final Duration INTERVAL = Duration.ofHours(1);

    private TestServer server;
    private JobTestVault vault;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(List.of(), c -> c.withInventory(InventorySettings.scheduled(INTERVAL)));
        vault = new JobTestVault(server.client(), "stock");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private String upload(String description) {
        server.clock().advance(Duration.ofSeconds(1));
        return vault.upload(JobTestVault.pattern(100 + description.length()), description);
    }

    /** Runs an inventory job and returns its JSON output (the job must succeed). */
    private JsonNode inventory() throws Exception {
        String jobId = vault.start(p -> p.type("inventory-retrieval"));
        DescribeJobResponse d = vault.awaitCompleted(jobId);
        assertThat(d.statusCode()).isEqualTo(StatusCode.SUCCEEDED);
        return new ObjectMapper().readTree(vault.output(jobId, null).asByteArray());
    }

    private static List<String> ids(JsonNode inventory) {
        List<String> ids = new ArrayList<>();
        inventory.get("ArchiveList").forEach(a -> ids.add(a.get("ArchiveId").asText()));
        return ids;
    }

    private DescribeVaultResponse describe(String name) {
        return vault.glacier.describeVault(b -> b.accountId("-").vaultName(name));
    }

    /** Waits (real time: the scheduler polls in the background) until the vault's LastInventoryDate differs. */
    private String awaitNewInventoryDate(String name, String previous) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            String now = describe(name).lastInventoryDate();
            if (!Objects.equals(now, previous)) {
                return now;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no new snapshot of " + name + " after " + previous);
    }

    @Test
    void jobsShowTheLatestSnapshotUntilTheNextOneIsTaken() throws Exception {
        String first = upload("first");
        assertThat(describe("stock").lastInventoryDate()).isNull();

        // No snapshot yet: the first job takes one on demand (spec 20 #28), at the time it runs.
        Instant taken = server.clock().instant();
        JsonNode onDemand = inventory();
        assertThat(ids(onDemand)).containsExactly(first);
        assertThat(onDemand.get("InventoryDate").asText()).isEqualTo(GlacierDates.seconds(taken));
        assertThat(describe("stock").lastInventoryDate()).isEqualTo(GlacierDates.millis(taken));

        server.clock().advance(Duration.ofMinutes(10));
        String second = upload("second");
        vault.glacier.deleteArchive(b -> b.accountId("-").vaultName("stock").archiveId(first));

        // Before the interval has passed, a job still lists the snapshot: the deleted archive, not the new one.
        JsonNode lagging = inventory();
        assertThat(ids(lagging)).containsExactly(first);
        assertThat(lagging.get("InventoryDate").asText()).isEqualTo(GlacierDates.seconds(taken));
        DescribeVaultResponse described = describe("stock");
        assertThat(described.lastInventoryDate()).isEqualTo(GlacierDates.millis(taken));
        // Counters stay exact and live in both modes (spec 7.0).
        assertThat(described.numberOfArchives()).isEqualTo(1);

        // One interval after the snapshot the scheduler takes the next one by itself.
        server.clock().advance(INTERVAL.minus(Duration.ofMinutes(10)));
        Instant next = server.clock().instant();
        assertThat(awaitNewInventoryDate("stock", GlacierDates.millis(taken))).isEqualTo(GlacierDates.millis(next));

        JsonNode fresh = inventory();
        assertThat(ids(fresh)).containsExactly(second);
        assertThat(fresh.get("InventoryDate").asText()).isEqualTo(GlacierDates.seconds(next));

        String csvJob = vault.start(p -> p.type("inventory-retrieval").format("CSV"));
        assertThat(vault.awaitCompleted(csvJob).statusCode()).isEqualTo(StatusCode.SUCCEEDED);
        String csv = new String(vault.output(csvJob, null).asByteArray(), StandardCharsets.UTF_8);
        assertThat(csv.lines().toList()).hasSize(2);
        assertThat(csv.lines().skip(1).findFirst().orElseThrow()).startsWith(second + ",second,");
    }

    @Test
    void aVaultNobodyAsksAboutIsSnapshottedOneIntervalAfterItsCreation() throws Exception {
        JobTestVault quiet = new JobTestVault(vault.glacier, "quiet");
        server.clock().advance(Duration.ofSeconds(1));
        String kept = quiet.upload(JobTestVault.pattern(10), "kept");

        server.clock().advance(INTERVAL.minus(Duration.ofMinutes(1)));
        Thread.sleep(1000); // four scheduler passes: none may snapshot a vault younger than the interval
        assertThat(describe("quiet").lastInventoryDate()).isNull();

        server.clock().advance(Duration.ofMinutes(1));
        Instant due = server.clock().instant();
        assertThat(awaitNewInventoryDate("quiet", null)).isEqualTo(GlacierDates.millis(due));

        server.clock().advance(Duration.ofSeconds(1));
        String later = quiet.upload(JobTestVault.pattern(20), "later");
        String jobId = quiet.start(p -> p.type("inventory-retrieval"));
        quiet.awaitCompleted(jobId);
        JsonNode inventory = new ObjectMapper().readTree(quiet.output(jobId, null).asByteArray());
        assertThat(ids(inventory)).containsExactly(kept).doesNotContain(later);
    }

    @Test
    void limitMarkerAndDatesApplyToTheSnapshot() throws Exception {
        List<String> uploaded = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            uploaded.add(upload("archive " + i));
        }
        String endDate = GlacierDates.seconds(server.clock().instant().plusSeconds(1));
        String firstPage = vault.start(p -> p.type("inventory-retrieval")
                .inventoryRetrievalParameters(i -> i.limit("2")));
        DescribeJobResponse d = vault.awaitCompleted(firstPage);
        String marker = d.inventoryRetrievalParameters().marker();
        assertThat(marker).isNotNull();
        JsonNode page = new ObjectMapper().readTree(vault.output(firstPage, null).asByteArray());
        assertThat(ids(page)).containsExactlyElementsOf(uploaded.subList(0, 2));

        server.clock().advance(Duration.ofSeconds(5));
        String notInSnapshot = upload("after the snapshot");
        String secondPage = vault.start(p -> p.type("inventory-retrieval")
                .inventoryRetrievalParameters(i -> i.limit("2").marker(marker)));
        DescribeJobResponse last = vault.awaitCompleted(secondPage);
        assertThat(last.inventoryRetrievalParameters().marker()).isNull();
        JsonNode rest = new ObjectMapper().readTree(vault.output(secondPage, null).asByteArray());
        assertThat(ids(rest)).containsExactly(uploaded.get(2)).doesNotContain(notInSnapshot);

        String window = vault.start(p -> p.type("inventory-retrieval")
                .inventoryRetrievalParameters(i -> i.startDate(GlacierDates.seconds(Instant.EPOCH)).endDate(endDate)));
        vault.awaitCompleted(window);
        JsonNode dated = new ObjectMapper().readTree(vault.output(window, null).asByteArray());
        assertThat(ids(dated)).containsExactlyElementsOf(uploaded);
    }
}
