package io.permafrost.vault;

import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.Operation;
import io.permafrost.store.MetadataStore;
import io.permafrost.store.Page;
import io.permafrost.store.VaultRecord;
import io.permafrost.store.VaultStore.VaultDeletion;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** CreateVault, DescribeVault, ListVaults, DeleteVault. */
public final class VaultService {
    public static final int LIST_VAULTS_MAX = 10;

    private final MetadataStore store;
    private final AccessGate gate;
    private final BlobCollector blobs;
    private final Clock clock;
    private final ServiceSettings settings;

    public VaultService(MetadataStore store, AccessGate gate, BlobCollector blobs, Clock clock, ServiceSettings settings) {
        this.store = store;
        this.gate = gate;
        this.blobs = blobs;
        this.clock = clock;
        this.settings = settings;
    }

    public VaultDescription create(CallContext ctx, String accountInUrl, String vaultName) {
        String account = gate.ownerAccount(ctx, Operation.CreateVault, accountInUrl);
        // The record is about the vault-to-be: the API's route already named it, the console's form does not.
        ctx.audit().authorizing(Operation.CreateVault, account, vaultName);
        gate.authorizeAccount(ctx, Operation.CreateVault, accountInUrl, gate.arn(account, vaultName).arn());
        VaultNames.requireValid(vaultName);
        return ctx.audit().write(() -> store.vaults().createIfAbsent(account, vaultName, clock.instant(),
                        settings.maxVaultsPerAccount()), Optional::isPresent)
                .map(VaultDescription::of)
                .orElseThrow(() -> new GlacierException(ErrorCode.LIMIT_EXCEEDED,
                        "The maximum number of vaults has been reached for account " + account));
    }

    public VaultDescription describe(CallContext ctx, String accountInUrl, String vaultName) {
        return VaultDescription.of(gate.authorizeVault(ctx, Operation.DescribeVault, accountInUrl, vaultName,
                v -> Map.of()));
    }

    /**
     * A page of the caller's vaults; {@code marker} is a vault ARN (or empty) as in spec 3.8, and so is the
     * marker returned.
     */
    public Listing<VaultDescription> list(CallContext ctx, String accountInUrl, String marker, int limit) {
        String account = gate.ownerAccount(ctx, Operation.ListVaults, accountInUrl);
        gate.authorizeAccount(ctx, Operation.ListVaults, accountInUrl,
                "arn:aws:glacier:" + settings.region() + ":" + account + ":vaults/*");
        String fromName = "";
        if (marker != null && !marker.isEmpty()) {
            int slash = marker.lastIndexOf(":vaults/");
            if (slash < 0 || !marker.startsWith("arn:")) {
                throw GlacierException.invalidParameter("Invalid marker: " + marker);
            }
            fromName = marker.substring(slash + ":vaults/".length());
        }
        Page<VaultRecord> page = store.vaults().list(account, fromName, limit);
        String next = page.nextKey() == null || page.items().isEmpty() ? null : gate.arn(account, page.nextKey()).arn();
        return new Listing<>(page.items().stream().map(VaultDescription::of).toList(), next);
    }

    public void delete(CallContext ctx, String accountInUrl, String vaultName) {
        VaultRecord vault = gate.authorizeVault(ctx, Operation.DeleteVault, accountInUrl, vaultName, v -> Map.of());
        VaultDeletion deletion = ctx.audit().write(() -> store.vaults().delete(vault.id()),
                deleted -> deleted.outcome() == VaultDeletion.Outcome.DELETED);
        switch (deletion.outcome()) {
            case NOT_EMPTY -> throw GlacierException.invalidParameter(
                    "Vault not empty or recently written to: " + gate.arn(vault.accountId(), vaultName).arn());
            case NOT_FOUND -> throw gate.vaultGone(vault);
            case DELETED -> blobs.release(deletion.releasedBlobIds());
        }
    }
}
