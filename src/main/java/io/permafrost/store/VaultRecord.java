package io.permafrost.store;

import java.time.Instant;

/** A vault as stored: live statistics are kept exact in the same transaction as every archive change. */
public record VaultRecord(long id, String accountId, String name, Instant creationDate,
                          Instant lastInventoryDate, long numberOfArchives, long sizeInBytes) {
}
