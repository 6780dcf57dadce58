-- The cluster schema: the embedded schema V1..V7 translated to PostgreSQL, so that every store
-- implementation reads and writes the same shapes. Times are epoch milliseconds (BIGINT) exactly as
-- in SQLite: the domain hands every store the same Instant, and the conversion stays one line.
-- Vault ids are drawn at random by the store (never reused, see SqliteVaultStore.unusedVaultId).

CREATE TABLE vaults (
    id BIGINT PRIMARY KEY,
    account_id TEXT NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    created_at BIGINT NOT NULL,
    last_inventory_at BIGINT,
    archive_count BIGINT NOT NULL DEFAULT 0,
    size_bytes BIGINT NOT NULL DEFAULT 0,
    access_policy TEXT,
    notification_config TEXT,
    UNIQUE (account_id, name)
);
CREATE TABLE vault_tags (
    vault_id BIGINT NOT NULL REFERENCES vaults(id) ON DELETE CASCADE,
    tag_key TEXT COLLATE "C" NOT NULL,
    tag_value TEXT NOT NULL,
    PRIMARY KEY (vault_id, tag_key)
);
CREATE TABLE vault_locks (
    vault_id BIGINT PRIMARY KEY REFERENCES vaults(id) ON DELETE CASCADE,
    policy TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('IN_PROGRESS', 'LOCKED')),
    lock_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT
);
CREATE TABLE archives (
    id TEXT COLLATE "C" PRIMARY KEY,
    vault_id BIGINT NOT NULL REFERENCES vaults(id) ON DELETE CASCADE,
    description TEXT,
    size BIGINT NOT NULL,
    tree_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX archives_by_vault_time ON archives (vault_id, created_at, id);
CREATE TABLE archive_segments (
    archive_id TEXT COLLATE "C" NOT NULL REFERENCES archives(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    blob_id TEXT NOT NULL,
    length BIGINT NOT NULL,
    tree_hash TEXT NOT NULL,
    leaf_hashes BYTEA,
    PRIMARY KEY (archive_id, seq)
);
CREATE INDEX archive_segments_by_blob ON archive_segments (blob_id);
CREATE TABLE archive_tombstones (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    vault_name TEXT NOT NULL,
    deleted_at BIGINT NOT NULL
);
CREATE TABLE uploads (
    id TEXT COLLATE "C" PRIMARY KEY,
    vault_id BIGINT NOT NULL REFERENCES vaults(id) ON DELETE CASCADE,
    description TEXT,
    part_size BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    last_activity_at BIGINT NOT NULL,
    state TEXT NOT NULL,
    archive_id TEXT,
    archive_size BIGINT NOT NULL DEFAULT 0,
    tree_hash TEXT
);
CREATE INDEX uploads_by_vault ON uploads (vault_id, state, created_at, id);
CREATE TABLE parts (
    upload_id TEXT COLLATE "C" NOT NULL REFERENCES uploads(id) ON DELETE CASCADE,
    range_start BIGINT NOT NULL,
    length BIGINT NOT NULL,
    tree_hash TEXT NOT NULL,
    blob_id TEXT NOT NULL,
    leaf_hashes BYTEA,
    PRIMARY KEY (upload_id, range_start)
);
CREATE INDEX parts_by_blob ON parts (blob_id);

CREATE TABLE jobs (
    id TEXT COLLATE "C" PRIMARY KEY,
    vault_id BIGINT NOT NULL REFERENCES vaults(id) ON DELETE CASCADE,
    action TEXT NOT NULL,
    description TEXT,
    sns_topic TEXT,
    tier TEXT,
    created_at BIGINT NOT NULL,
    due_at BIGINT NOT NULL,
    status TEXT NOT NULL,
    status_message TEXT,
    completed_at BIGINT,
    archive_id TEXT,
    archive_size BIGINT,
    archive_tree_hash TEXT,
    archive_description TEXT,
    range_start BIGINT,
    range_end BIGINT,
    range_tree_hash TEXT,
    inventory_format TEXT,
    inventory_start_date TEXT,
    inventory_end_date TEXT,
    inventory_limit TEXT,
    inventory_marker TEXT,
    inventory_next_marker TEXT,
    output_blob_id TEXT,
    output_size BIGINT,
    output_tree_hash TEXT
);
CREATE INDEX jobs_by_vault_time ON jobs (vault_id, created_at, id);
CREATE INDEX jobs_by_status_due ON jobs (status, due_at);
CREATE INDEX jobs_by_completion ON jobs (completed_at);
CREATE INDEX jobs_by_output_blob ON jobs (output_blob_id);
CREATE TABLE job_segments (
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    archive_offset BIGINT NOT NULL,
    blob_id TEXT NOT NULL,
    length BIGINT NOT NULL,
    tree_hash TEXT NOT NULL,
    leaf_hashes BYTEA,
    PRIMARY KEY (job_id, archive_offset)
);
CREATE INDEX job_segments_by_blob ON job_segments (blob_id);

CREATE TABLE retrieval_policies (
    account_id TEXT PRIMARY KEY,
    strategy TEXT NOT NULL,
    bytes_per_hour BIGINT
);
CREATE TABLE retrieval_ledger (
    id BIGSERIAL PRIMARY KEY,
    account_id TEXT NOT NULL,
    tier TEXT NOT NULL,
    admitted_at BIGINT NOT NULL,
    bytes BIGINT NOT NULL
);
CREATE INDEX retrieval_ledger_by_account ON retrieval_ledger (account_id, tier, admitted_at);
CREATE INDEX retrieval_ledger_by_time ON retrieval_ledger (admitted_at);
CREATE TABLE provisioned_capacity (
    capacity_id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX provisioned_capacity_by_account ON provisioned_capacity (account_id, expires_at);
-- One row per account that ever used the retrieval ledger or capacity: the row lock that serializes
-- "total, compare, record" across nodes (SQLite's single writer did it in embedded mode).
CREATE TABLE account_guards (
    account_id TEXT PRIMARY KEY
);

CREATE TABLE inventory_snapshots (
    vault_id BIGINT PRIMARY KEY REFERENCES vaults(id) ON DELETE CASCADE,
    taken_at BIGINT NOT NULL,
    blob_id TEXT NOT NULL,
    size BIGINT NOT NULL,
    tree_hash TEXT NOT NULL
);
CREATE INDEX inventory_snapshots_by_blob ON inventory_snapshots (blob_id);

-- Blobs whose last reference a committed transaction removed, written in that transaction by the
-- triggers below: only these may be deleted by a sweep (see the embedded V7 and BlobReferences).
CREATE TABLE released_blobs (
    id TEXT PRIMARY KEY
);

CREATE FUNCTION blob_is_referenced(blob TEXT) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM archive_segments WHERE blob_id = blob)
        OR EXISTS (SELECT 1 FROM parts WHERE blob_id = blob)
        OR EXISTS (SELECT 1 FROM job_segments WHERE blob_id = blob)
        OR EXISTS (SELECT 1 FROM jobs WHERE output_blob_id = blob)
        OR EXISTS (SELECT 1 FROM inventory_snapshots WHERE blob_id = blob)
$$;

-- TG_ARGV[0] names the column that refers to a blob; the trigger lists the old blob as released once
-- nothing refers to it any more (AFTER, so the row itself is gone or changed already).
CREATE FUNCTION record_blob_release() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_blob TEXT := to_jsonb(OLD) ->> TG_ARGV[0];
    new_blob TEXT := CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(NEW) ->> TG_ARGV[0] END;
BEGIN
    IF old_blob IS NOT NULL AND old_blob IS DISTINCT FROM new_blob AND NOT blob_is_referenced(old_blob) THEN
        INSERT INTO released_blobs (id) VALUES (old_blob) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER release_archive_segments AFTER DELETE OR UPDATE OF blob_id ON archive_segments
    FOR EACH ROW EXECUTE FUNCTION record_blob_release('blob_id');
CREATE TRIGGER release_parts AFTER DELETE OR UPDATE OF blob_id ON parts
    FOR EACH ROW EXECUTE FUNCTION record_blob_release('blob_id');
CREATE TRIGGER release_job_segments AFTER DELETE OR UPDATE OF blob_id ON job_segments
    FOR EACH ROW EXECUTE FUNCTION record_blob_release('blob_id');
CREATE TRIGGER release_jobs_output AFTER DELETE OR UPDATE OF output_blob_id ON jobs
    FOR EACH ROW EXECUTE FUNCTION record_blob_release('output_blob_id');
CREATE TRIGGER release_inventory_snapshots AFTER DELETE OR UPDATE OF blob_id ON inventory_snapshots
    FOR EACH ROW EXECUTE FUNCTION record_blob_release('blob_id');

-- The identity a cluster is pinned to (region, ARN spellings), kept here rather than in a node's data
-- directory: every node checks itself against the same row. One row, key fixed.
CREATE TABLE cluster_identity (
    singleton BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    identity_json TEXT NOT NULL
);
