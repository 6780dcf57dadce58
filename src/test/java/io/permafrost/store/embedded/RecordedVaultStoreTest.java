package io.permafrost.store.embedded;

import io.permafrost.store.LockRecord;
import io.permafrost.store.LockRecord.LockState;
import io.permafrost.store.VaultRecord;
import io.permafrost.store.VaultStore;
import io.permafrost.store.sql.SqlVaultStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the vault record beside the blobs follows the database through a DeleteVault and a restored backup. */
class RecordedVaultStoreTest {
    static final String ACCOUNT = "111122223333";
    static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";
    static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private final List<SqliteDatabase> databases = new ArrayList<>();

    @AfterEach
    void close() {
        databases.forEach(SqliteDatabase::close);
    }

    @Test
    void deleteVaultRemovesTheRecordBeforeTheDatabaseAndWritesItBackWhenTheDeleteFails() throws Exception {
        VaultRecordFiles records = records();
        SqliteDatabase db = database("metadata.db");
        AtomicReference<Optional<VaultRecordFiles.Entry>> duringDelete = new AtomicReference<>();
        VaultStore failingDelete = failingDelete(vaultsOn(db),
                () -> duringDelete.set(records.find(ACCOUNT, "worm")));
        RecordedVaultStore store = new RecordedVaultStore(failingDelete, db, records);
        VaultRecord vault = lockedVault(store, "worm", CREATED);

        assertThatThrownBy(() -> store.delete(vault.id())).hasMessage("disk full");

        assertThat(duringDelete.get()).as("the record while the database deletes the vault").isEmpty();
        assertThat(records.find(ACCOUNT, "worm")).as("the record once the delete failed").hasValueSatisfying(
                entry -> assertThat(entry.lock().state()).isEqualTo(LockState.LOCKED));
    }

    @Test
    void aRecordedLockIsNotReplacedForAVaultOfTheSameNameThatARestoredDatabaseCreatedAgain() throws Exception {
        VaultRecordFiles records = records();
        SqliteDatabase locked = database("locked.db");
        lockedVault(new RecordedVaultStore(vaultsOn(locked), locked, records), "worm", CREATED);
        SqliteDatabase restored = database("restored.db");
        RecordedVaultStore store = new RecordedVaultStore(vaultsOn(restored), restored, records);
        VaultRecord again = store.createIfAbsent(ACCOUNT, "worm", CREATED.plusSeconds(60), 10).orElseThrow();

        assertThatThrownBy(() -> store.setAccessPolicy(again.id(), new io.permafrost.store.AccessPolicyChange(java.time.Instant.EPOCH, "test", POLICY))).isInstanceOf(LockedRecordConflict.class)
                .hasMessageContaining("holds a Locked policy");

        assertThat(records.find(ACCOUNT, "worm")).hasValueSatisfying(entry -> {
            assertThat(entry.creationDate()).isEqualTo(CREATED);
            assertThat(entry.lock().state()).isEqualTo(LockState.LOCKED);
        });
    }

    private VaultRecordFiles records() {
        return new VaultRecordFiles(dir.resolve("blobs").resolve(VaultRecordFiles.DIRECTORY));
    }

    private SqliteDatabase database(String name) {
        SqliteDatabase db = new SqliteDatabase(dir.resolve(name), 2);
        databases.add(db);
        return db;
    }

    /** A vault of {@code store} Locked with {@link #POLICY} the way the API locks one: InProgress, then Locked. */
    static VaultRecord lockedVault(VaultStore store, String name, Instant created) {
        VaultRecord vault = store.createIfAbsent(ACCOUNT, name, created, 10).orElseThrow();
        LockRecord inProgress = new LockRecord(POLICY, LockState.IN_PROGRESS, "lock-1", created, created.plusSeconds(86_400));
        assertThat(store.replaceLock(vault.id(), null, inProgress)).isTrue();
        assertThat(store.replaceLock(vault.id(), inProgress,
                new LockRecord(POLICY, LockState.LOCKED, "lock-1", created, null))).isTrue();
        return vault;
    }

    /** Runs inside the proxy, where a checked exception cannot pass. */
    private interface Step {
        void run() throws Exception;
    }

    /** {@code vaults}, whose delete runs {@code meanwhile} and then fails as a full disk would. */
    private static VaultStore failingDelete(VaultStore vaults, Step meanwhile) {
        return (VaultStore) Proxy.newProxyInstance(VaultStore.class.getClassLoader(), new Class<?>[]{VaultStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("delete")) {
                        meanwhile.run();
                        throw new IllegalStateException("disk full");
                    }
                    try {
                        return method.invoke(vaults, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static VaultStore vaultsOn(SqliteDatabase db) {
        return new SqlVaultStore(new SqliteEngine(db, new BlobReferences()));
    }
}
