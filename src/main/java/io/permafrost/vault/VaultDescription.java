package io.permafrost.vault;

import io.permafrost.store.VaultRecord;

import java.time.Instant;

/** A vault as DescribeVault and ListVaults report it (spec 7.2). */
public record VaultDescription(String accountId, String name, Instant creationDate, Instant lastInventoryDate,
                               long numberOfArchives, long sizeInBytes) {

    static VaultDescription of(VaultRecord vault) {
        return new VaultDescription(vault.accountId(), vault.name(), vault.creationDate(), vault.lastInventoryDate(),
                vault.numberOfArchives(), vault.sizeInBytes());
    }
}
