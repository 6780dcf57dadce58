package io.permafrost.vault;

import io.permafrost.glacier.IdGenerator;
import io.permafrost.store.ArchiveRecord;
import io.permafrost.store.BlobSegment;
import io.permafrost.store.LockRecord;
import io.permafrost.store.LockRecord.LockState;
import io.permafrost.store.RetentionBacklog;
import io.permafrost.store.VaultRecord;
import io.permafrost.store.cluster.PostgresDatabase;
import io.permafrost.store.cluster.PostgresMetadataStore;
import io.permafrost.testing.ThrowawayPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The start-up catch-up of Object Lock retention on the cluster's metadata: bounded by what is unfinished.
 * A start with nothing unfinished asks the blob store for no blob's retention; a completion cut off half-way
 * is resumed at the next start, for that vault only; a failure noted while an extension runs outlives it.
 * Skipped, saying why, without PostgreSQL.
 */
class RetentionCatchUpTest {
    private static final String ACCOUNT = "111122223333";
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final String TEN_YEARS = ObjectLockRetentionTest.policy("NumericLessThan", "3650");

    private PostgresMetadataStore store;
    private final IdGenerator ids = new IdGenerator();

    @BeforeEach
    void open() {
        store = new PostgresMetadataStore(PostgresDatabase.open(ThrowawayPostgres.url(), ThrowawayPostgres.freshSchema()));
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private ObjectLockRetention retention(RecordingBlobStore blobs) {
        return new ObjectLockRetention(store, blobs, new AccessGate(store.vaults(),
                Clock.fixed(NOW, java.time.ZoneOffset.UTC), ServiceSettings.defaults("us-east-1")));
    }

    /** A vault named as the policy's resource wants ("records"), or another, with {@code archives} archives of two blobs. */
    private VaultRecord vault(String name, int archives) {
        VaultRecord vault = store.vaults().createIfAbsent(ACCOUNT, name, NOW, 1000).orElseThrow();
        for (int i = 0; i < archives; i++) {
            List<BlobSegment> segments = List.of(new BlobSegment(name + i + "a", 1, "0".repeat(64), null),
                    new BlobSegment(name + i + "b", 1, "0".repeat(64), null));
            assertThat(store.archives().insert(new ArchiveRecord(ids.archiveId(), vault.id(), "", 2, "0".repeat(64),
                    NOW, segments))).isTrue();
        }
        return vault;
    }

    /** What CompleteVaultLock does: note, lock, extend (which may fail half-way). */
    private void completeLock(VaultRecord vault, String policy, RecordingBlobStore blobs) throws IOException {
        ObjectLockRetention retention = retention(blobs);
        retention.expectExtension(vault);
        LockRecord current = store.vaults().lock(vault.id()).orElse(null);
        assertThat(store.vaults().replaceLock(vault.id(), current,
                new LockRecord(policy, LockState.LOCKED, "lock-" + vault.id(), NOW, null))).isTrue();
        retention.extendExisting(vault);
    }

    private static String policyOn(String vaultName) {
        return TEN_YEARS.replace("vaults/records", "vaults/" + vaultName);
    }

    @Test
    void aStartWithNothingUnfinishedReadsNoBlobsRetention() throws Exception {
        completeLock(vault("records", 5), TEN_YEARS, new RecordingBlobStore(true));
        completeLock(vault("ledgers", 3), policyOn("ledgers"), new RecordingBlobStore(true));

        RecordingBlobStore nextStart = new RecordingBlobStore(true);
        retention(nextStart).catchUp();

        assertThat(nextStart.retentionCalls).as("retention reads at a start with nothing unfinished").isZero();
    }

    @Test
    void aCompletionCutOffHalfWayIsResumedAtTheNextStartForThatVaultOnly() throws Exception {
        completeLock(vault("records", 5), TEN_YEARS, new RecordingBlobStore(true));
        RecordingBlobStore failing = new RecordingBlobStore(true);
        failing.failAfter = 3;
        VaultRecord cutOff = vault("ledgers", 4);
        assertThatThrownBy(() -> completeLock(cutOff, policyOn("ledgers"), failing)).isInstanceOf(IOException.class);

        RecordingBlobStore nextStart = new RecordingBlobStore(true);
        retention(nextStart).catchUp();
        assertThat(nextStart.retained).as("the cut-off vault's blobs, and no other's").hasSize(8)
                .allSatisfy((blob, until) -> assertThat(blob).startsWith("ledgers"));

        RecordingBlobStore thirdStart = new RecordingBlobStore(true);
        retention(thirdStart).catchUp();
        assertThat(thirdStart.retentionCalls).as("finished: nothing left for a later start").isZero();
    }

    @Test
    void aNoteTakenWhileAnExtensionRanOutlivesIt() {
        RetentionBacklog backlog = store.retentionBacklog().orElseThrow();
        long vaultId = vault("records", 0).id();
        long extensionStarted = backlog.note(vaultId);
        backlog.note(vaultId); // a new archive's retention failed meanwhile
        backlog.done(vaultId, extensionStarted);
        assertThat(backlog.noted()).containsOnlyKeys(vaultId);
    }
}
