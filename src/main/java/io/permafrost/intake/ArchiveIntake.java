package io.permafrost.intake;

// PLACEHOLDER: the import branch owns this package; this copy of its agreed interface is dropped at the merge.
public interface ArchiveIntake extends AutoCloseable {
    void ensureVault(String accountId, String vaultName);

    boolean contains(String accountId, String vaultName, String archiveId);

    /** verifies size + tree hash before commit; throws IntakeRefused, commits nothing on failure */
    void importArchive(String accountId, String vaultName, ImportedArchive archive, java.io.InputStream body);

    java.util.Optional<String> applySettings(String accountId, String vaultName, VaultSettings settings);

    String defaultAccount();

    @Override
    void close();
}
