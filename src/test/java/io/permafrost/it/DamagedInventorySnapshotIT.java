package io.permafrost.it;

import io.permafrost.testing.EmbeddedOnly;
import io.permafrost.testing.AtRestDamage;
import io.permafrost.testing.TestServer;
import io.permafrost.vault.InventorySettings;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glacier.model.DescribeJobResponse;
import software.amazon.awssdk.services.glacier.model.StatusCode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In the scheduled inventory mode jobs are rendered from the vault's stored snapshot: a snapshot
 * damaged at rest (here so that it is still valid JSON, listing a description nobody wrote) makes the
 * job fail rather than hand out an inventory made from the damaged bytes.
 */
@EmbeddedOnly("damages blob files and SQLite rows at rest")
class DamagedInventorySnapshotIT {
    @Test
    void aDamagedSnapshotMakesNoInventory() throws Exception {
        try (TestServer server = new TestServer(List.of(),
                c -> c.withInventory(InventorySettings.scheduled(Duration.ofHours(1))))) {
            JobTestVault vault = new JobTestVault(server.client(), "stock");
            vault.upload(JobTestVault.pattern(100), "wanted");
            String first = vault.start(p -> p.type("inventory-retrieval"));
            assertThat(vault.awaitCompleted(first).statusCode()).isEqualTo(StatusCode.SUCCEEDED);
            assertThat(new String(vault.output(first, null).asByteArray(), StandardCharsets.UTF_8)).contains("wanted");

            AtRestDamage damage = new AtRestDamage(server.dataDir());
            damage.change(damage.blobId("SELECT blob_id FROM inventory_snapshots"), stored -> {
                String json = new String(stored, StandardCharsets.UTF_8);
                assertThat(json).contains("\"wanted\"");
                return json.replace("\"wanted\"", "\"wantec\"").getBytes(StandardCharsets.UTF_8);
            });

            String second = vault.start(p -> p.type("inventory-retrieval"));
            DescribeJobResponse described = vault.awaitCompleted(second);
            assertThat(described.statusCode()).isEqualTo(StatusCode.FAILED);
            assertThat(described.statusMessage()).isEqualTo("The inventory could not be generated.");
        }
    }
}
