package io.permafrost.vault;

import io.permafrost.glacier.IdGenerator;
import io.permafrost.store.ArchiveRecord;
import io.permafrost.store.BlobSegment;
import io.permafrost.store.BlobStore;
import io.permafrost.store.LockRecord;
import io.permafrost.store.LockRecord.LockState;
import io.permafrost.store.VaultRecord;
import io.permafrost.store.embedded.SqliteMetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which blobs get Object Lock retention, until when, and never from an InProgress lock. */
class ObjectLockRetentionTest {
    private static final String ACCOUNT = "111122223333";
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final String TEN_YEARS = policy("NumericLessThan", "3650");

    @TempDir
    Path dir;
    private SqliteMetadataStore store;
    private final RecordingBlobStore blobs = new RecordingBlobStore(true);
    private final IdGenerator ids = new IdGenerator();
    private VaultRecord vault;

    static String policy(String operator, String days) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\","
                + "\"Action\":\"glacier:DeleteArchive\",\"Resource\":\"arn:aws:glacier:us-east-1:" + ACCOUNT
                + ":vaults/records\",\"Condition\":{\"" + operator + "\":{\"glacier:ArchiveAgeInDays\":\"" + days
                + "\"}}}]}";
    }

    @BeforeEach
    void openStore() {
        store = new SqliteMetadataStore(dir.resolve("metadata.db"));
        vault = store.vaults().createIfAbsent(ACCOUNT, "records", NOW, 1000).orElseThrow();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private ObjectLockRetention retention(BlobStore blobs) {
        AccessGate gate = new AccessGate(store.vaults(), Clock.fixed(NOW, java.time.ZoneOffset.UTC),
                ServiceSettings.defaults("us-east-1"));
        return new ObjectLockRetention(store, blobs, gate);
    }

    private void setLock(String policy, LockState state) {
        LockRecord current = store.vaults().lock(vault.id()).orElse(null);
        LockRecord next = new LockRecord(policy, state, "lock-1", NOW,
                state == LockState.LOCKED ? null : NOW.plus(Duration.ofHours(24)));
        assertThat(store.vaults().replaceLock(vault.id(), current, next)).isTrue();
    }

    private ArchiveRecord archive(Instant created, String... blobIds) {
        List<BlobSegment> segments = new ArrayList<>();
        for (String blobId : blobIds) {
            segments.add(new BlobSegment(blobId, 1, "0".repeat(64), null));
        }
        ArchiveRecord archive = new ArchiveRecord(ids.archiveId(), vault.id(), "", blobIds.length,
                "0".repeat(64), created, segments);
        assertThat(store.archives().insert(archive)).isTrue();
        return archive;
    }

    @Test
    void aNewArchiveOfALockedVaultIsRetainedUntilItsCreationPlusTheDerivedDays() {
        setLock(TEN_YEARS, LockState.LOCKED);

        boolean retained = retention(blobs).beforeCommit(vault, NOW, List.of(
                new BlobSegment("b1", 1, "0".repeat(64), null), new BlobSegment("b2", 1, "0".repeat(64), null)));

        assertThat(retained).isTrue();
        assertThat(blobs.retained).containsExactly(
                Map.entry("b1", NOW.plus(Duration.ofDays(3650))), Map.entry("b2", NOW.plus(Duration.ofDays(3650))));
    }

    @Test
    void anInProgressLockRetainsNothingNeitherNewNorExisting() {
        archive(NOW.minus(Duration.ofDays(3)), "old");
        setLock(TEN_YEARS, LockState.IN_PROGRESS);
        ObjectLockRetention retention = retention(blobs);

        assertThat(retention.beforeCommit(vault, NOW, List.of(new BlobSegment("b1", 1, "0".repeat(64), null)))).isFalse();
        retention.afterCommit(vault, NOW, List.of(new BlobSegment("b1", 1, "0".repeat(64), null)), false);
        retention.catchUp();

        assertThat(blobs.retained).isEmpty();
    }

    @Test
    void aLockedPolicyWithoutADerivableRuleRetainsNothing() {
        archive(NOW, "old");
        setLock(policy("NumericGreaterThan", "365"), LockState.LOCKED);

        retention(blobs).catchUp();

        assertThat(blobs.retained).isEmpty();
    }

    @Test
    void aStoreThatCannotRetainIsNeverAsked() {
        archive(NOW, "old");
        setLock(TEN_YEARS, LockState.LOCKED);
        RecordingBlobStore embedded = new RecordingBlobStore(false);
        ObjectLockRetention retention = retention(embedded);

        retention.beforeCommit(vault, NOW, List.of(new BlobSegment("b1", 1, "0".repeat(64), null)));
        retention.catchUp();

        assertThat(embedded.retained).isEmpty();
    }

    @Test
    void completingTheLockExtendsEveryExistingArchiveInBatchesFromItsOwnCreation() throws Exception {
        int count = 2 * ObjectLockRetention.BATCH + 7;
        List<ArchiveRecord> archives = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            archives.add(archive(NOW.minus(Duration.ofMinutes(count - i)), "p" + i + "a", "p" + i + "b"));
        }
        setLock(TEN_YEARS, LockState.LOCKED);

        retention(blobs).extendExisting(vault);

        assertThat(blobs.retained).hasSize(2 * count);
        for (ArchiveRecord archive : archives) {
            for (BlobSegment segment : archive.segments()) {
                assertThat(blobs.retained).containsEntry(segment.blobId(),
                        archive.creationDate().plus(Duration.ofDays(3650)));
            }
        }
    }

    @Test
    void anArchiveCommittedWhileTheLockCompletedIsRetainedAfterItsCommit() {
        setLock(TEN_YEARS, LockState.IN_PROGRESS);
        ObjectLockRetention retention = retention(blobs);
        List<BlobSegment> segments = List.of(new BlobSegment("b1", 1, "0".repeat(64), null));
        boolean retained = retention.beforeCommit(vault, NOW, segments);
        setLock(TEN_YEARS, LockState.LOCKED);

        retention.afterCommit(vault, NOW, segments, retained);

        assertThat(blobs.retained).containsExactly(Map.entry("b1", NOW.plus(Duration.ofDays(3650))));
    }
}
