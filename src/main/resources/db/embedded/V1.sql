CREATE TABLE vaults (
    id INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_inventory_at INTEGER,
    archive_count INTEGER NOT NULL DEFAULT 0,
    size_bytes INTEGER NOT NULL DEFAULT 0,
    access_policy TEXT,
    notification_config TEXT,
    UNIQUE (account_id, name)
);
CREATE TABLE vault_tags (
    vault_id INTEGER NOT NULL REFERENCES vaults(id) ON DELETE CASCADE,
    tag_key TEXT NOT NULL,
    tag_value TEXT NOT NULL,
    PRIMARY KEY (vault_id, tag_key)
);
CREATE TABLE vault_locks (
    vault_id INTEGER PRIMARY KEY REFERENCES vaults(id) ON DELETE CASCADE,
    policy TEXT NOT NULL,
    state TEXT NOT NULL,
    lock_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER
);
CREATE TABLE archives (
    id TEXT PRIMARY KEY,
    vault_id INTEGER NOT NULL REFERENCES vaults(id) ON DELETE CASCADE,
    description TEXT,
    size INTEGER NOT NULL,
    tree_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX archives_by_vault_time ON archives (vault_id, created_at, id);
CREATE TABLE archive_segments (
    archive_id TEXT NOT NULL REFERENCES archives(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    blob_id TEXT NOT NULL,
    length INTEGER NOT NULL,
    tree_hash TEXT NOT NULL,
    PRIMARY KEY (archive_id, seq)
);
CREATE INDEX archive_segments_by_blob ON archive_segments (blob_id);
CREATE TABLE archive_tombstones (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    vault_name TEXT NOT NULL,
    deleted_at INTEGER NOT NULL
);
CREATE TABLE uploads (
    id TEXT PRIMARY KEY,
    vault_id INTEGER NOT NULL REFERENCES vaults(id) ON DELETE CASCADE,
    description TEXT,
    part_size INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    last_activity_at INTEGER NOT NULL,
    state TEXT NOT NULL,
    archive_id TEXT,
    archive_size INTEGER NOT NULL DEFAULT 0,
    tree_hash TEXT
);
CREATE INDEX uploads_by_vault ON uploads (vault_id, state, created_at, id);
CREATE TABLE parts (
    upload_id TEXT NOT NULL REFERENCES uploads(id) ON DELETE CASCADE,
    range_start INTEGER NOT NULL,
    length INTEGER NOT NULL,
    tree_hash TEXT NOT NULL,
    blob_id TEXT NOT NULL,
    PRIMARY KEY (upload_id, range_start)
);
CREATE INDEX parts_by_blob ON parts (blob_id);
