package io.permafrost.store;

import java.util.Map;

/**
 * The vaults whose Object Lock retention extension (every blob of the vault retained at lock completion)
 * is unfinished, so that a start resumes only those instead of reading every blob's retention. A note
 * carries a version: an extension that ran to its end takes its note away only if no newer one (a failure
 * noted meanwhile) replaced it. Each method is one transaction.
 */
public interface RetentionBacklog {

    /** Notes that the vault's extension must run (again); returns the note's version. */
    long note(long vaultId);

    /** The noted vaults, each with its note's version. */
    Map<Long, Long> noted();

    /** Takes the vault's note away if it is still at {@code version}. */
    void done(long vaultId, long version);
}
