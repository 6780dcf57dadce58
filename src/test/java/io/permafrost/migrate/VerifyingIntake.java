package io.permafrost.migrate;

import io.permafrost.glacier.TreeHash;
import io.permafrost.intake.ArchiveIntake;
import io.permafrost.intake.ImportedArchive;
import io.permafrost.intake.IntakeRefused;
import io.permafrost.intake.VaultSettings;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test double of the destination for the source-side tests (faults of the source, the budget): keeps archives in
 * memory and, like the real intake, verifies size and tree hash before it keeps one. The end-to-end tests use the
 * real intake on a real server.
 */
final class VerifyingIntake implements ArchiveIntake {
    final Map<String, byte[]> archives = new ConcurrentHashMap<>();
    final Map<String, ImportedArchive> records = new ConcurrentHashMap<>();
    final List<String> refusals = new CopyOnWriteArrayList<>();
    final List<VaultSettings> settings = new CopyOnWriteArrayList<>();

    @Override
    public void ensureVault(String accountId, String vaultName) {
    }

    @Override
    public boolean contains(String accountId, String vaultName, String archiveId) {
        return archives.containsKey(archiveId);
    }

    @Override
    public Optional<String> storedTreeHash(String accountId, String vaultName, String archiveId) {
        return Optional.ofNullable(records.get(archiveId)).map(ImportedArchive::treeHash);
    }

    @Override
    public void importArchive(String accountId, String vaultName, ImportedArchive archive, InputStream body) {
        byte[] data;
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            body.transferTo(out);
            data = out.toByteArray();
        } catch (IOException e) {
            throw new IntakeRefused(IntakeRefused.Reason.UNAVAILABLE, "body: " + e.getMessage());
        }
        if (data.length != archive.size()) {
            refusals.add("SIZE_MISMATCH " + archive.archiveId());
            throw new IntakeRefused(IntakeRefused.Reason.SIZE_MISMATCH, data.length + " bytes");
        }
        if (!TreeHash.of(data).equals(archive.treeHash())) {
            refusals.add("HASH_MISMATCH " + archive.archiveId());
            throw new IntakeRefused(IntakeRefused.Reason.HASH_MISMATCH, "tree hash " + TreeHash.of(data));
        }
        if (archives.putIfAbsent(archive.archiveId(), data) != null) {
            throw new IntakeRefused(IntakeRefused.Reason.DUPLICATE_ID, archive.archiveId());
        }
        records.put(archive.archiveId(), archive);
    }

    @Override
    public Optional<String> applySettings(String accountId, String vaultName, VaultSettings vaultSettings) {
        settings.add(vaultSettings);
        return vaultSettings.lockPolicyJson() == null ? Optional.empty() : Optional.of("TESTLOCKID");
    }

    @Override
    public String defaultAccount() {
        return "111122223333";
    }

    @Override
    public void close() {
    }
}
