package io.permafrost.store;

import io.permafrost.testing.ConcurrentCalls;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link UploadStore} must do; racing closes from several threads, exactly one wins. */
public abstract class UploadStoreContract {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int ROUNDS = 20;

    /** A fresh, empty metadata store of the backend under test. */
    protected abstract MetadataStore metadata();

    private VaultRecord vault(String name) {
        return metadata().vaults().createIfAbsent("111122223333", name, T0, 1000).orElseThrow();
    }

    private UploadRecord open(VaultRecord vault, String uploadId) {
        UploadRecord upload = new UploadRecord(uploadId, vault.id(), "d", 1 << 20, T0, T0,
                UploadRecord.UploadState.OPEN, null, 0, null);
        assertThat(metadata().uploads().create(upload)).isTrue();
        return upload;
    }

    private static PartRecord part(String uploadId, long start, String blob) {
        return new PartRecord(uploadId, start, 1 << 20, "aa", blob, null);
    }

    private static ArchiveRecord archiveOf(VaultRecord vault, String archiveId, List<PartRecord> parts) {
        return new ArchiveRecord(archiveId, vault.id(), "d", (long) parts.size() << 20, "ff", T0,
                parts.stream().map(PartRecord::segment).toList());
    }

    @Test
    void aCompletionWhoseExpectedPartsChangedStoresNothingAndKeepsTheUploadOpen() {
        VaultRecord v = vault("changed");
        open(v, "u1");
        PartRecord p0 = part("u1", 0, "b0");
        metadata().uploads().putPart(p0, T0);
        metadata().uploads().putPart(part("u1", 1 << 20, "b1"), T0);
        UploadStore.Completion done = metadata().uploads().complete(v.id(), "u1", List.of(p0),
                archiveOf(v, "a1", List.of(p0)), T0);
        assertThat(done.result()).isEqualTo(UploadStore.CompleteResult.PARTS_CHANGED);
        assertThat(metadata().archives().find(v.id(), "a1")).isEmpty();
        assertThat(metadata().uploads().find(v.id(), "u1").orElseThrow().state()).isEqualTo(UploadRecord.UploadState.OPEN);
        assertThat(metadata().vaults().find("111122223333", "changed").orElseThrow().numberOfArchives()).isZero();
    }

    @Test
    void aCompletedUploadTakesNoPartAndAnswersARepeatWithItsArchive() {
        VaultRecord v = vault("done");
        open(v, "u1");
        PartRecord p0 = part("u1", 0, "b0");
        metadata().uploads().putPart(p0, T0);
        ArchiveRecord archive = archiveOf(v, "a1", List.of(p0));
        assertThat(metadata().uploads().complete(v.id(), "u1", List.of(p0), archive, T0).result())
                .isEqualTo(UploadStore.CompleteResult.COMPLETED);
        assertThat(metadata().uploads().putPart(part("u1", 1 << 20, "b1"), T0).accepted()).isFalse();
        UploadStore.Completion again = metadata().uploads().complete(v.id(), "u1", List.of(p0), archive, T0);
        assertThat(again.result()).isEqualTo(UploadStore.CompleteResult.ALREADY_COMPLETED);
        assertThat(again.upload().archiveId()).isEqualTo("a1");
        assertThat(metadata().archives().find(v.id(), "a1").orElseThrow().segments()).hasSize(1);
        assertThat(metadata().isBlobReferenced("b0")).isTrue();
    }

    @Test
    void ofACompleteAndAnAbortRacingOnOneUploadExactlyOneWins() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            VaultRecord v = vault("race-" + round);
            String uploadId = "u" + round;
            open(v, uploadId);
            PartRecord p0 = part(uploadId, 0, "blob-" + round);
            metadata().uploads().putPart(p0, T0);
            ArchiveRecord archive = archiveOf(v, "a" + round, List.of(p0));
            List<Object> outcomes = ConcurrentCalls.race(
                    () -> metadata().uploads().complete(v.id(), uploadId, List.of(p0), archive, T0).result(),
                    () -> metadata().uploads().abort(v.id(), uploadId, T0).result());
            boolean completed = outcomes.get(0) == UploadStore.CompleteResult.COMPLETED;
            boolean aborted = outcomes.get(1) == UploadStore.AbortResult.ABORTED;
            assertThat(completed ^ aborted).as("round %d: exactly one of %s", round, outcomes).isTrue();
            assertThat(metadata().archives().find(v.id(), archive.archiveId()).isPresent()).isEqualTo(completed);
            assertThat(metadata().isBlobReferenced(p0.blobId())).isEqualTo(completed);
        }
    }

    @Test
    void ofTwoCompletionsRacingOnOneUploadExactlyOneStoresTheArchive() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            VaultRecord v = vault("double-" + round);
            String uploadId = "d" + round;
            open(v, uploadId);
            PartRecord p0 = part(uploadId, 0, "dblob-" + round);
            metadata().uploads().putPart(p0, T0);
            ArchiveRecord archive = archiveOf(v, "da" + round, List.of(p0));
            List<UploadStore.CompleteResult> outcomes = ConcurrentCalls.race(
                    () -> metadata().uploads().complete(v.id(), uploadId, List.of(p0), archive, T0).result(),
                    () -> metadata().uploads().complete(v.id(), uploadId, List.of(p0), archive, T0).result());
            assertThat(outcomes).as("round %d", round).containsExactlyInAnyOrder(
                    UploadStore.CompleteResult.COMPLETED, UploadStore.CompleteResult.ALREADY_COMPLETED);
            assertThat(metadata().vaults().find("111122223333", "double-" + round).orElseThrow().numberOfArchives())
                    .isEqualTo(1);
        }
    }
}
