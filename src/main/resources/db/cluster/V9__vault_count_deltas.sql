-- Issue 9: what serialized a node's uploads into one vault, removed.
--
-- 1. A vault's archive count and size no longer change its row in every archive insert (that row's lock
--    is held until commit, so uploads into one vault committed one at a time, across all nodes). An insert
--    adds a delta row instead; readers add the deltas to the row's figures in the same statement (one
--    snapshot, so exact), and a fold moves committed deltas into the row now and then (VaultCounters).
--    The insert still takes the vault row's KEY SHARE lock (as its foreign key does anyway): it waits for
--    a DeleteVault or a lock change holding the row FOR UPDATE, never for another insert.
CREATE TABLE vault_count_deltas (
    vault_id BIGINT NOT NULL REFERENCES vaults(id) ON DELETE CASCADE,
    archives BIGINT NOT NULL,
    bytes BIGINT NOT NULL
);
CREATE INDEX vault_count_deltas_by_vault ON vault_count_deltas (vault_id);

-- 2. A blob's published_blobs note (V7) goes in the very transaction that makes something refer to the
--    blob, instead of a transaction of its own after it: every snapshot then sees the blob either noted
--    or referenced, never neither, and a blob costs one extra transaction instead of two.
--    TG_ARGV[0] names the column that refers to a blob, as for record_blob_release (V1).
CREATE FUNCTION forget_publication_note() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    new_blob TEXT := to_jsonb(NEW) ->> TG_ARGV[0];
BEGIN
    IF new_blob IS NOT NULL THEN
        DELETE FROM published_blobs WHERE blob_id = new_blob;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER referenced_archive_segments AFTER INSERT OR UPDATE OF blob_id ON archive_segments
    FOR EACH ROW EXECUTE FUNCTION forget_publication_note('blob_id');
CREATE TRIGGER referenced_parts AFTER INSERT OR UPDATE OF blob_id ON parts
    FOR EACH ROW EXECUTE FUNCTION forget_publication_note('blob_id');
CREATE TRIGGER referenced_job_segments AFTER INSERT OR UPDATE OF blob_id ON job_segments
    FOR EACH ROW EXECUTE FUNCTION forget_publication_note('blob_id');
CREATE TRIGGER referenced_jobs_output AFTER INSERT OR UPDATE OF output_blob_id ON jobs
    FOR EACH ROW EXECUTE FUNCTION forget_publication_note('output_blob_id');
CREATE TRIGGER referenced_inventory_snapshots AFTER INSERT OR UPDATE OF blob_id ON inventory_snapshots
    FOR EACH ROW EXECUTE FUNCTION forget_publication_note('blob_id');
