-- Background work shared by any number of nodes (the embedded V8, in PostgreSQL terms). Times are epoch
-- milliseconds like the rest of the schema; in a cluster they come from one clock, the database's
-- (DatabaseClock), so no node's skew moves a lease or a due time.
--
-- Job claims: a node takes due jobs with UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED),
-- so two claimers get disjoint rows without waiting on each other; a dead node's lease runs out.
ALTER TABLE jobs ADD COLUMN claimed_by TEXT, ADD COLUMN lease_until BIGINT;
CREATE INDEX jobs_claimable ON jobs (due_at, id) WHERE status = 'IN_PROGRESS';

-- Singleton and per-key leases as rows, not advisory locks: they mean the same on SQLite, outlive a
-- connection drop without being held by it, and can be read by an operator.
CREATE TABLE leases (
    task TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    lease_until BIGINT NOT NULL
);

-- Job-completion notifications, inserted in the transaction that completes the job, deleted once
-- delivered; kept with dead_at set when delivery gave up.
CREATE TABLE notification_outbox (
    id BIGSERIAL PRIMARY KEY,
    job_id TEXT NOT NULL,
    vault_id BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    claimed_by TEXT,
    lease_until BIGINT,
    dead_at BIGINT,
    last_error TEXT
);
CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at, id) WHERE dead_at IS NULL;

-- The release list becomes the deferred deletion queue (NULL delete_after: listed by a trigger, dated
-- by the collector when it first sees the row).
ALTER TABLE released_blobs ADD COLUMN delete_after BIGINT, ADD COLUMN claimed_by TEXT, ADD COLUMN lease_until BIGINT;
CREATE INDEX released_blobs_due ON released_blobs (delete_after, id);
