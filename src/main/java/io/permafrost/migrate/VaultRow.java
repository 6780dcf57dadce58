package io.permafrost.migrate;

/**
 * A vault's line in the state file: the inventory job that lists it, whether that inventory is loaded, and
 * whether its settings were copied (with what the lock re-creation said, for the report).
 */
record VaultRow(String sourceVault, String destinationVault, String inventoryJobId, boolean inventoryLoaded,
                boolean settingsCopied, String settingsNote) {
}
