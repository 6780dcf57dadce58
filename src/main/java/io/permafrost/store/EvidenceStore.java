package io.permafrost.store;

import java.util.function.Consumer;

/** What compliance evidence needs beyond the vault and its archives: scrub results and the access policy history. */
public interface EvidenceStore {

    /** Records the archive's latest scrub, replacing the one before; nothing when the archive is gone meanwhile. */
    void recordScrub(String archiveId, ScrubResult result);

    /**
     * Streams the vault's archives in scan order (creation time, then id) with each one's last scrub (null
     * when never scrubbed), all from one consistent snapshot; nothing is accumulated, whatever the count.
     */
    void scanWithScrubs(long vaultId, Consumer<ScrubbedArchive> sink);

    /** An archive as a listing shows it (no segments) and its last scrub, or null. */
    record ScrubbedArchive(ArchiveRecord archive, ScrubResult lastScrub) {
    }

    /** The vault's access policy changes, oldest first. */
    void accessPolicyHistory(long vaultId, Consumer<AccessPolicyChange> sink);
}
