package io.permafrost.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class MigrationStateTest {
    @TempDir
    Path dir;

    private static InventoryEntry archive(int i) {
        return new InventoryEntry("id-" + i, "d" + i, "2020-01-01T00:00:00Z", 100 + i, "h" + i);
    }

    private static void load(MigrationState state, int count) {
        try (MigrationState.InventoryLoader loader = state.inventoryLoader("v")) {
            for (int i = 0; i < count; i++) {
                loader.accept(archive(i));
            }
            loader.complete();
        }
    }

    @Test
    void aReopenedStateContinuesWithWhatIsNotCommittedAndKeepsInitiatedJobs() {
        Path file = dir.resolve("state.db");
        try (MigrationState state = MigrationState.open(file)) {
            state.vault("v", "w");
            load(state, 2500);
            state.committed("v", "id-0", false);
            state.initiated("v", "id-1", "JOB1", 42);
            state.failed("v", "id-2", "HASH_MISMATCH: tree hash x");
        }
        try (MigrationState state = MigrationState.open(file)) {
            VaultRow vault = state.vault("v", "ignored");
            assertThat(vault.destinationVault()).isEqualTo("w");
            assertThat(vault.inventoryLoaded()).isTrue();

            ArchiveRow next = state.nextToCopy("v", 0).orElseThrow();
            assertThat(next.archive()).isEqualTo(archive(1));
            assertThat(next.state()).isEqualTo(MigrationState.INITIATED);
            assertThat(next.jobId()).isEqualTo("JOB1");
            assertThat(next.initiatedAtMillis()).isEqualTo(42);
            ArchiveRow failed = state.nextToCopy("v", next.rowId()).orElseThrow();
            assertThat(failed.reason()).isEqualTo("HASH_MISMATCH: tree hash x");
            assertThat(failed.attempts()).isEqualTo(1);

            MigrationState.Tally tally = state.tally("v");
            assertThat(tally.archives()).isEqualTo(2500);
            assertThat(tally.copied()).isEqualTo(1);
            assertThat(tally.copiedBytes()).isEqualTo(100);
            assertThat(tally.failed()).isEqualTo(1);
        }
    }

    @Test
    void loadingAnInventoryAgainAfterACutShortDownloadAddsNoDuplicate() {
        try (MigrationState state = MigrationState.open(dir.resolve("state.db"))) {
            state.vault("v", "v");
            try (MigrationState.InventoryLoader loader = state.inventoryLoader("v")) {
                for (int i = 0; i < 1500; i++) {
                    loader.accept(archive(i));
                }
                // The download breaks here: no complete().
            }
            assertThat(state.vault("v", "v").inventoryLoaded()).isFalse();

            load(state, 2000);

            assertThat(state.tally("v").archives()).isEqualTo(2000);
            assertThat(state.vault("v", "v").inventoryLoaded()).isTrue();
        }
    }

    @Test
    void aLostJobSendsTheArchiveBackToPendingWithoutItsJob() {
        try (MigrationState state = MigrationState.open(dir.resolve("state.db"))) {
            state.vault("v", "v");
            load(state, 1);
            state.initiated("v", "id-0", "JOB", 1);
            state.jobLost("v", "id-0", "job JOB failed on the source");

            ArchiveRow row = state.nextToCopy("v", 0).orElseThrow();
            assertThat(row.state()).isEqualTo(MigrationState.PENDING);
            assertThat(row.jobId()).isNull();
            assertThat(row.reason()).isEqualTo("job JOB failed on the source");
        }
    }
}
