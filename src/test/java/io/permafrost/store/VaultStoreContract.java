package io.permafrost.store;

import io.permafrost.testing.ConcurrentCalls;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link VaultStore} must do, whichever backend: extended once per backend. The races run real
 * threads against the store, so a compare-and-set that is not atomic in its backend lets both win.
 */
public abstract class VaultStoreContract {
    protected static final String ACCOUNT = "111122223333";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int ROUNDS = 25;

    /** The store under test, empty. */
    protected abstract VaultStore vaults();

    /** Runs one statement outside the store, the way a bug or an operator's SQL shell would. */
    protected abstract void executeRaw(String sql) throws Exception;

    /** Skips the trigger test where the backend's schema does not carry the guard yet; by default it does. */
    protected void assumeLockGuardInstalled() throws Exception {
    }

    private VaultRecord vault(String name) {
        return vaults().createIfAbsent(ACCOUNT, name, T0, 1000).orElseThrow();
    }

    private static LockRecord inProgress(String lockId) {
        return new LockRecord("{\"Version\":\"2012-10-17\",\"Statement\":[]}", LockRecord.LockState.IN_PROGRESS,
                lockId, T0, T0.plusSeconds(86400));
    }

    private static LockRecord locked(LockRecord from) {
        return new LockRecord(from.policy(), LockRecord.LockState.LOCKED, from.lockId(), from.creationDate(), null);
    }

    @Test
    void createIfAbsentIsIdempotentAndRefusesBeyondTheLimit() {
        VaultRecord first = vaults().createIfAbsent(ACCOUNT, "a", T0, 2).orElseThrow();
        assertThat(vaults().createIfAbsent(ACCOUNT, "a", T0, 2)).contains(first);
        vaults().createIfAbsent(ACCOUNT, "b", T0, 2).orElseThrow();
        assertThat(vaults().createIfAbsent(ACCOUNT, "c", T0, 2)).isEmpty();
    }

    @Test
    void listsInAsciiNameOrderAndResumesAtTheNextName() {
        for (String name : List.of("b", "B", "a", "a-1")) {
            vault(name);
        }
        Page<VaultRecord> first = vaults().list(ACCOUNT, null, 2);
        assertThat(first.items()).extracting(VaultRecord::name).containsExactly("B", "a");
        Page<VaultRecord> second = vaults().list(ACCOUNT, first.nextKey(), 2);
        assertThat(second.items()).extracting(VaultRecord::name).containsExactly("a-1", "b");
        assertThat(second.nextKey()).isNull();
    }

    @Test
    void aTagPutBeyondTheLimitOrInAnotherCaseWritesNothing() {
        VaultRecord v = vault("tags");
        assertThat(vaults().putTags(v.id(), Map.of("a", "1", "b", "2"), 3)).isEqualTo(VaultStore.TagPut.STORED);
        assertThat(vaults().putTags(v.id(), Map.of("c", "3", "d", "4"), 3)).isEqualTo(VaultStore.TagPut.LIMIT_EXCEEDED);
        assertThat(vaults().putTags(v.id(), Map.of("A", "x"), 3))
                .isEqualTo(VaultStore.TagPut.caseConflict("A", "a"));
        assertThat(vaults().putTags(v.id(), Map.of("a", "overwritten"), 3)).isEqualTo(VaultStore.TagPut.STORED);
        assertThat(vaults().tags(v.id())).isEqualTo(Map.of("a", "overwritten", "b", "2"));
    }

    @Test
    void replaceLockIsACompareAndSetAndALockedRecordIsFinal() {
        VaultRecord v = vault("lock");
        LockRecord progress = inProgress("L1");
        assertThat(vaults().replaceLock(v.id(), inProgress("other"), progress)).isFalse();
        assertThat(vaults().replaceLock(v.id(), null, progress)).isTrue();
        assertThat(vaults().replaceLock(v.id(), progress, locked(progress))).isTrue();
        assertThat(vaults().replaceLock(v.id(), locked(progress), null)).isFalse();
        assertThat(vaults().replaceLock(v.id(), locked(progress), inProgress("L2"))).isFalse();
        assertThat(vaults().deleteExpiredLocks(T0.plusSeconds(10 * 86400))).isZero();
        assertThat(vaults().lock(v.id())).contains(locked(progress));
    }

    @Test
    void expiredInProgressLocksGo() {
        VaultRecord v = vault("expiring");
        vaults().replaceLock(v.id(), null, inProgress("L1"));
        assertThat(vaults().deleteExpiredLocks(T0.plusSeconds(86400))).isEqualTo(1);
        assertThat(vaults().lock(v.id())).isEmpty();
    }

    @Test
    void noSqlChangesOrDeletesALockedLockButDeletingItsEmptyVaultTakesItAlong() throws Exception {
        assumeLockGuardInstalled();
        VaultRecord v = vault("worm");
        LockRecord progress = inProgress("L1");
        vaults().replaceLock(v.id(), null, progress);
        vaults().replaceLock(v.id(), progress, locked(progress));
        assertThatThrownBy(() -> executeRaw("DELETE FROM vault_locks WHERE vault_id = " + v.id()))
                .hasMessageContaining("Locked vault lock");
        assertThatThrownBy(() -> executeRaw("UPDATE vault_locks SET policy = '{}' WHERE vault_id = " + v.id()))
                .hasMessageContaining("Locked vault lock");
        assertThat(vaults().lock(v.id())).contains(locked(progress));
        assertThat(vaults().delete(v.id()).outcome()).isEqualTo(VaultStore.VaultDeletion.Outcome.DELETED);
        assertThat(vaults().lock(v.id())).isEmpty();
    }

    @Test
    void ofACompleteAndAnAbortRacingOnOneLockExactlyOneWins() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            VaultRecord v = vault("race-" + round);
            LockRecord progress = inProgress("L" + round);
            vaults().replaceLock(v.id(), null, progress);
            List<Boolean> won = ConcurrentCalls.race(
                    () -> vaults().replaceLock(v.id(), progress, locked(progress)),
                    () -> vaults().replaceLock(v.id(), progress, null));
            assertThat(won).as("round %d: [complete, abort]", round).containsExactlyInAnyOrder(true, false);
            assertThat(vaults().lock(v.id())).isEqualTo(won.get(0)
                    ? java.util.Optional.of(locked(progress)) : java.util.Optional.empty());
        }
    }

    @Test
    void ofTwoTagPutsRacingForTheLastFreeTagExactlyOneLands() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            VaultRecord v = vault("tag-race-" + round);
            vaults().putTags(v.id(), Map.of("k0", "v"), 2);
            List<VaultStore.TagPut> outcomes = ConcurrentCalls.race(
                    () -> vaults().putTags(v.id(), Map.of("k1", "v"), 2),
                    () -> vaults().putTags(v.id(), Map.of("k2", "v"), 2));
            assertThat(outcomes).as("round %d", round)
                    .containsExactlyInAnyOrder(VaultStore.TagPut.STORED, VaultStore.TagPut.LIMIT_EXCEEDED);
            assertThat(vaults().tags(v.id())).hasSize(2);
        }
    }

    @Test
    void aVaultWithAnArchiveIsNotDeleted() {
        VaultRecord v = vault("full");
        assertThat(archives().insert(new ArchiveRecord("arch-1", v.id(), "d", 3, "00", T0,
                List.of(new BlobSegment("blob-1", 3, "00", null))))).isTrue();
        assertThat(vaults().delete(v.id()).outcome()).isEqualTo(VaultStore.VaultDeletion.Outcome.NOT_EMPTY);
    }

    @Test
    void anArchiveDeleteDecidesAgainOnTheLockItsOwnTransactionReads() {
        VaultRecord v = vault("held");
        ArchiveRecord archive = new ArchiveRecord("arch-held", v.id(), "d", 3, "00", T0,
                List.of(new BlobSegment("blob-held", 3, "00", null)));
        archives().insert(archive);
        LockRecord progress = inProgress("L1");
        vaults().replaceLock(v.id(), null, progress);
        vaults().replaceLock(v.id(), progress, locked(progress));
        // The caller authorized before the lock was completed; the delete must see the Locked record.
        ArchiveStore.DeleteOutcome outcome = archives().delete(v.id(), archive.archiveId(), T0,
                view -> view.lock() == null || view.lock().state() != LockRecord.LockState.LOCKED);
        assertThat(outcome.result()).isEqualTo(ArchiveDeletion.DENIED);
        assertThat(archives().find(v.id(), archive.archiveId())).isPresent();
        assertThat(archives().delete(v.id(), archive.archiveId(), T0, view -> true).result())
                .isEqualTo(ArchiveDeletion.DELETED);
    }

    /** The archives of the same metadata store (archive inserts count themselves in the vault row). */
    protected abstract ArchiveStore archives();
}
