package io.permafrost.intake;

import java.io.InputStream;
import java.util.Optional;

/**
 * The operator's way of putting migrated archives and vault settings into a Permafrost storage, never
 * reachable from the Glacier API. Every operation only adds: an existing archive is never replaced, a
 * Locked lock never touched. Obtain one with {@code io.permafrost.cli.ArchiveIntakes.open}.
 */
public interface ArchiveIntake extends AutoCloseable {
    /** Creates the vault if missing (idempotent). */
    void ensureVault(String accountId, String vaultName);

    boolean contains(String accountId, String vaultName, String archiveId);

    /** The tree hash of the vault's archive with this id, if it holds one: how a resumed import tells "done" from "conflict". */
    Optional<String> storedTreeHash(String accountId, String vaultName, String archiveId);

    /**
     * Streams the body in; verifies size and SHA-256 tree hash against the record BEFORE committing;
     * throws {@link IntakeRefused} (DUPLICATE_ID, HASH_MISMATCH, SIZE_MISMATCH, NO_SUCH_VAULT, INVALID_ID,
     * INVALID_RECORD, STORE_FULL, UNAVAILABLE) and commits nothing on any failure.
     */
    void importArchive(String accountId, String vaultName, ImportedArchive archive, InputStream body);

    /**
     * Copies policy/tags/notifications; returns the lock id of the InProgress lock if one was created (or
     * is already there with the same policy, from an earlier run). A destination lock with another policy
     * is left alone: IntakeRefused LOCK_EXISTS, after the other settings were applied.
     */
    Optional<String> applySettings(String accountId, String vaultName, VaultSettings settings);

    /**
     * The account a command writes into when the operator names none: the destination server's only
     * account when it has exactly one, else PERMAFROST_ACCOUNT_ID, else 123456789012 (serve's default).
     */
    String defaultAccount();

    @Override
    void close();
}
