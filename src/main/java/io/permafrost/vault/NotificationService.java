package io.permafrost.vault;

import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.Operation;
import io.permafrost.store.MetadataStore;
import io.permafrost.store.VaultRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Set/Get/DeleteVaultNotifications (spec 12.1-12.3). */
public final class NotificationService {
    private static final Set<String> EVENTS =
            Set.of(VaultNotifications.ARCHIVE_RETRIEVAL_COMPLETED, VaultNotifications.INVENTORY_RETRIEVAL_COMPLETED);

    private final MetadataStore store;
    private final AccessGate gate;

    public NotificationService(MetadataStore store, AccessGate gate) {
        this.store = store;
        this.gate = gate;
    }

    /** Replaces the vault's configuration (one topic per vault); duplicate events are collapsed. */
    public void set(CallContext ctx, String accountInUrl, String vaultName, String snsTopic, List<String> events) {
        VaultRecord vault = gate.authorizeVault(ctx, Operation.SetVaultNotifications, accountInUrl, vaultName,
                v -> Map.of());
        if (!SnsTopicArn.isValid(snsTopic)) {
            throw GlacierException.invalidParameter("Invalid SNS topic ARN: " + snsTopic);
        }
        if (events.isEmpty()) {
            throw GlacierException.invalidParameter("Events must list at least one of ArchiveRetrievalCompleted, "
                    + "InventoryRetrievalCompleted");
        }
        List<String> distinct = new ArrayList<>(2);
        for (String event : events) {
            if (!EVENTS.contains(event)) {
                throw GlacierException.invalidParameter("Invalid notification event: " + event
                        + ". Valid values: ArchiveRetrievalCompleted|InventoryRetrievalCompleted");
            }
            if (!distinct.contains(event)) {
                distinct.add(event);
            }
        }
        ctx.audit().write(() -> store.vaults().setNotificationConfig(vault.id(),
                new VaultNotifications(snsTopic, distinct).toJson()));
    }

    public VaultNotifications get(CallContext ctx, String accountInUrl, String vaultName) {
        VaultRecord vault = gate.authorizeVault(ctx, Operation.GetVaultNotifications, accountInUrl, vaultName,
                v -> Map.of());
        return store.vaults().notificationConfig(vault.id()).map(VaultNotifications::fromJson)
                .orElseThrow(() -> GlacierException.notFound(
                        "No notification configuration is set for the vault: " + vaultName));
    }

    /** Removes the configuration; effective immediately, and a no-op when there is none. */
    public void delete(CallContext ctx, String accountInUrl, String vaultName) {
        VaultRecord vault = gate.authorizeVault(ctx, Operation.DeleteVaultNotifications, accountInUrl, vaultName,
                v -> Map.of());
        ctx.audit().write(() -> store.vaults().setNotificationConfig(vault.id(), null));
    }
}
