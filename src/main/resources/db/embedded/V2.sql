CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    vault_id INTEGER NOT NULL REFERENCES vaults(id) ON DELETE CASCADE,
    action TEXT NOT NULL,
    description TEXT,
    sns_topic TEXT,
    tier TEXT,
    created_at INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    status_message TEXT,
    completed_at INTEGER,
    archive_id TEXT,
    archive_size INTEGER,
    archive_tree_hash TEXT,
    archive_description TEXT,
    range_start INTEGER,
    range_end INTEGER,
    range_tree_hash TEXT,
    inventory_format TEXT,
    inventory_start_date TEXT,
    inventory_end_date TEXT,
    inventory_limit TEXT,
    inventory_marker TEXT,
    inventory_next_marker TEXT,
    output_blob_id TEXT,
    output_size INTEGER,
    output_tree_hash TEXT
);
CREATE INDEX jobs_by_vault_time ON jobs (vault_id, created_at, id);
CREATE INDEX jobs_by_status_due ON jobs (status, due_at);
CREATE INDEX jobs_by_completion ON jobs (completed_at);
CREATE INDEX jobs_by_output_blob ON jobs (output_blob_id);
CREATE TABLE job_segments (
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    archive_offset INTEGER NOT NULL,
    blob_id TEXT NOT NULL,
    length INTEGER NOT NULL,
    tree_hash TEXT NOT NULL,
    PRIMARY KEY (job_id, archive_offset)
);
CREATE INDEX job_segments_by_blob ON job_segments (blob_id);
