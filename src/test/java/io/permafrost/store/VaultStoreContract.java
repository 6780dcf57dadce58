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

    /** The evidence store of the same metadata store. */
    protected abstract EvidenceStore evidence();

    @Test
    void everyAccessPolicyChangeIsKeptInOrderAndNoneForAVaultThatIsGone() {
        VaultRecord v = vault("policed");
        vaults().setAccessPolicy(v.id(), new AccessPolicyChange(T0, "arn:aws:iam::111122223333:root", "{\"a\":1}"));
        vaults().setAccessPolicy(v.id(), new AccessPolicyChange(T0.plusSeconds(1), "arn:aws:iam::111122223333:user/x", null));
        vaults().setAccessPolicy(v.id(), new AccessPolicyChange(T0.plusSeconds(2), "arn:aws:iam::111122223333:root", "{\"b\":2}"));
        vaults().setAccessPolicy(v.id() + 999_999, new AccessPolicyChange(T0, "nobody", "{}"));

        List<AccessPolicyChange> history = new java.util.ArrayList<>();
        evidence().accessPolicyHistory(v.id(), history::add);
        assertThat(history).containsExactly(
                new AccessPolicyChange(T0, "arn:aws:iam::111122223333:root", "{\"a\":1}"),
                new AccessPolicyChange(T0.plusSeconds(1), "arn:aws:iam::111122223333:user/x", null),
                new AccessPolicyChange(T0.plusSeconds(2), "arn:aws:iam::111122223333:root", "{\"b\":2}"));
        assertThat(vaults().accessPolicy(v.id())).contains("{\"b\":2}");
        List<AccessPolicyChange> ofMissing = new java.util.ArrayList<>();
        evidence().accessPolicyHistory(v.id() + 999_999, ofMissing::add);
        assertThat(ofMissing).isEmpty();
    }

    @Test
    void aLockKeepsWhenItWasCompleted() {
        VaultRecord v = vault("completed");
        LockRecord progress = inProgress("L1");
        vaults().replaceLock(v.id(), null, progress);
        LockRecord done = new LockRecord(progress.policy(), LockRecord.LockState.LOCKED, "L1", T0, null,
                T0.plusSeconds(60));
        assertThat(vaults().replaceLock(v.id(), progress, done)).isTrue();
        assertThat(vaults().lock(v.id())).contains(done);
        assertThat(vaults().findForAccess(ACCOUNT, "completed").orElseThrow().lock()).isEqualTo(done);
    }

    @Test
    void theLastScrubOfEachArchiveIsKeptAndGoesWithItsArchive() {
        VaultRecord v = vault("scrubbed");
        for (String id : List.of("arch-a", "arch-b", "arch-c")) {
            archives().insert(new ArchiveRecord(id, v.id(), "d", 3, "00", T0,
                    List.of(new BlobSegment("blob-" + id, 3, "00", null))));
        }
        evidence().recordScrub("arch-a", new ScrubResult(T0, ScrubResult.Outcome.MISMATCH, "11"));
        evidence().recordScrub("arch-a", new ScrubResult(T0.plusSeconds(5), ScrubResult.Outcome.OK, "00"));
        evidence().recordScrub("arch-b", new ScrubResult(T0, ScrubResult.Outcome.MISSING, null));
        evidence().recordScrub("arch-gone", new ScrubResult(T0, ScrubResult.Outcome.OK, "00"));
        archives().delete(v.id(), "arch-b", T0);

        List<EvidenceStore.ScrubbedArchive> rows = new java.util.ArrayList<>();
        evidence().scanWithScrubs(v.id(), rows::add);
        assertThat(rows).extracting(r -> r.archive().archiveId()).containsExactly("arch-a", "arch-c");
        assertThat(rows.get(0).lastScrub()).isEqualTo(new ScrubResult(T0.plusSeconds(5), ScrubResult.Outcome.OK, "00"));
        assertThat(rows.get(1).lastScrub()).isNull();
        archives().insert(new ArchiveRecord("arch-b", v.id(), "d", 3, "00", T0,
                List.of(new BlobSegment("blob-b2", 3, "00", null))));
        List<EvidenceStore.ScrubbedArchive> again = new java.util.ArrayList<>();
        evidence().scanWithScrubs(v.id(), again::add);
        assertThat(again).filteredOn(r -> r.archive().archiveId().equals("arch-b")).singleElement()
                .satisfies(r -> assertThat(r.lastScrub()).as("a deleted archive's result is gone with it").isNull());
    }
}
