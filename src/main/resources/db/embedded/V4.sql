CREATE TABLE inventory_snapshots (
    vault_id INTEGER PRIMARY KEY REFERENCES vaults(id) ON DELETE CASCADE,
    taken_at INTEGER NOT NULL,
    blob_id TEXT NOT NULL,
    size INTEGER NOT NULL,
    tree_hash TEXT NOT NULL
);
CREATE INDEX inventory_snapshots_by_blob ON inventory_snapshots (blob_id);
