package io.permafrost.migrate;

/**
 * An archive's line in the state file: what the inventory says of it, and how far its copy got:
 * {@code pending}, {@code initiated} (a retrieval job {@code jobId} started at {@code initiatedAtMillis}),
 * {@code committed} or {@code failed} (with the last {@code reason} and the {@code attempts} so far).
 */
record ArchiveRow(long rowId, InventoryEntry archive, String state, String jobId, long initiatedAtMillis,
                  String reason, int attempts) {
}
