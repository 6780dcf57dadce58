package io.permafrost.migrate;

import io.permafrost.intake.ArchiveIntake;
import io.permafrost.intake.IntakeRefused;
import io.permafrost.intake.VaultNotificationConfig;
import io.permafrost.intake.VaultSettings;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.GetVaultLockResponse;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Copies a vault's access policy, tags and notification configuration, and re-creates its Vault Lock policy on
 * the destination as an InProgress lock: the user reviews and completes it (complete-vault-lock) — a migration
 * never completes a lock. The policies say which vault they were written for, so that in a destination of another
 * name or account their Resource is made to name the destination vault. Returns the line the report gives about the lock.
 */
final class SettingsCopier {
    private final GlacierClient source;
    private final TransientRetry retry;
    private final ArchiveIntake intake;

    SettingsCopier(GlacierClient source, TransientRetry retry, ArchiveIntake intake) {
        this.source = source;
        this.retry = retry;
        this.intake = intake;
    }

    String copy(String account, VaultRow vault) {
        String name = vault.sourceVault();
        String policy = absentIfNotFound(() -> retry.call("GetVaultAccessPolicy " + name,
                () -> source.getVaultAccessPolicy(b -> b.accountId("-").vaultName(name)).policy().policy()));
        Map<String, String> tags = retry.call("ListTagsForVault " + name,
                () -> source.listTagsForVault(b -> b.accountId("-").vaultName(name)).tags());
        VaultNotificationConfig notifications = absentIfNotFound(() -> retry.call("GetVaultNotifications " + name, () -> {
            var config = source.getVaultNotifications(b -> b.accountId("-").vaultName(name)).vaultNotificationConfig();
            return new VaultNotificationConfig(config.snsTopic(), List.copyOf(config.events()));
        }));
        GetVaultLockResponse lock = absentIfNotFound(() -> retry.call("GetVaultLock " + name,
                () -> source.getVaultLock(b -> b.accountId("-").vaultName(name))));
        String lockPolicy = lock == null ? null : lock.policy();
        Optional<String> lockId;
        try {
            lockId = intake.applySettings(account, vault.destinationVault(),
                    new VaultSettings(policy, tags, notifications, lockPolicy, sourceVault(name)));
        } catch (IntakeRefused refused) {
            if (refused.retryable()) {
                throw new DestinationRefusing("the destination refused the settings of " + vault.destinationVault()
                        + " (" + refused.reason() + "): " + refused.getMessage(), refused);
            }
            // A lock already there with another policy is never replaced; the other settings were applied.
            return "the source's vault lock was NOT re-created (" + refused.reason() + "): " + refused.getMessage();
        }
        if (lockPolicy == null) {
            return "no vault lock on the source";
        }
        return "the source's " + lock.state() + " vault lock was re-created as InProgress"
                + lockId.map(id -> " with lock id " + id).orElse("")
                + (vault.sourceVault().equals(vault.destinationVault()) ? ""
                        : " (where its Resource was exactly the source vault's ARN it now names " + account + "/"
                        + vault.destinationVault() + ")")
                + ": review its policy and complete it with complete-vault-lock"
                + " within 24 hours, or start a new one (a migration never completes a lock)";
    }

    /** The source vault as its policies name it: its ARN (from DescribeVault) holds the real account id. */
    private VaultSettings.SourceVault sourceVault(String name) {
        String arn = retry.call("DescribeVault " + name, () -> source.describeVault(b -> b.accountId("-").vaultName(name))
                .vaultARN());
        String[] parts = arn == null ? new String[0] : arn.split(":", 6);
        return parts.length == 6 ? new VaultSettings.SourceVault(parts[4], name) : null;
    }

    private static <T> T absentIfNotFound(Supplier<T> read) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            if (Failures.notFound(e)) {
                return null;
            }
            throw e;
        }
    }
}
