package io.permafrost.migrate;

/** One archive of a source inventory, as the inventory lists it (CreationDate kept as Glacier's ISO-8601 text). */
record InventoryEntry(String archiveId, String description, String creationDate, long size, String treeHash) {
}
