package io.permafrost.store.embedded;

import io.permafrost.store.LockRecord.LockState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The start-up comparison of vault records with the database, for the cases the separate-JVM ITs leave out. */
class VaultRecordReconciliationTest {
    private static final String ACCOUNT = RecordedVaultStoreTest.ACCOUNT;
    private static final Instant CREATED = RecordedVaultStoreTest.CREATED;

    @TempDir
    Path dataDir;

    @Test
    void aLockedVaultWhoseRecordIsMissingGetsItBackFromTheDatabase() throws Exception {
        serve(store -> RecordedVaultStoreTest.lockedVault(store.vaults(), "worm", CREATED));
        VaultRecordFiles records = records();
        Path record = records.files().get(0);
        Files.delete(record);

        serve(store -> { });

        assertThat(records.find(ACCOUNT, "worm")).hasValueSatisfying(entry -> {
            assertThat(entry.creationDate()).isEqualTo(CREATED);
            assertThat(entry.lock().state()).isEqualTo(LockState.LOCKED);
            assertThat(entry.lock().policy()).isEqualTo(RecordedVaultStoreTest.POLICY);
        });
    }

    @Test
    void anUnreadableRecordRefusesTheStartSinceItMayHoldALock() throws Exception {
        serve(store -> RecordedVaultStoreTest.lockedVault(store.vaults(), "worm", CREATED));
        Path record = records().files().get(0);
        Files.writeString(record, "{\"format\": 1, \"lock\": {\"state\": \"LOCK");

        assertThatThrownBy(() -> serve(store -> { })).isInstanceOf(DataDirectoryRefused.class)
                .hasMessageContaining("the vault record " + record.toAbsolutePath() + " cannot be read")
                .hasMessageContaining("permafrost recover --data " + dataDir.toAbsolutePath());
        assertThat(Files.readString(record)).as("the record is left as it was").endsWith("LOCK");
    }

    private interface Steps {
        void run(SqliteMetadataStore store) throws Exception;
    }

    private void serve(Steps steps) throws Exception {
        try (SqliteMetadataStore store = SqliteMetadataStore.openForServing(dataDir.resolve("metadata.db"))) {
            steps.run(store);
        }
    }

    private VaultRecordFiles records() {
        return new VaultRecordFiles(dataDir.resolve("blobs").resolve(VaultRecordFiles.DIRECTORY));
    }
}
