-- Background work that is correct with any number of nodes (in embedded there is one, but the same
-- rules hold, so the domain code is the same for both backends).
--
-- A job is worked on by the node whose lease on it has not run out: claiming sets both columns, a
-- worker renews its lease while it works, and a node that dies simply stops renewing, so another node
-- claims the job once lease_until has passed. Completion stays a compare-and-set on status, so a job
-- whose lease was lost and is then finished twice is completed once.
ALTER TABLE jobs ADD COLUMN claimed_by TEXT;
ALTER TABLE jobs ADD COLUMN lease_until INTEGER;
CREATE INDEX jobs_by_status_due_lease ON jobs (status, due_at, lease_until);
-- Singleton and per-key leases (maintenance tasks, the orphan scan, one inventory snapshot per vault):
-- a row, not an advisory lock, so that it means the same on SQLite and PostgreSQL.
CREATE TABLE leases (
    task TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    lease_until INTEGER NOT NULL
);
-- Job-completion notifications waiting for delivery, inserted in the transaction that completes the
-- job (so a crash can never lose one) and deleted once every endpoint took it (so each is delivered at
-- least once). No foreign key: a notification outlives a job that expires before it is delivered.
CREATE TABLE notification_outbox (
    id INTEGER PRIMARY KEY,
    job_id TEXT NOT NULL,
    vault_id INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    claimed_by TEXT,
    lease_until INTEGER,
    dead_at INTEGER,
    last_error TEXT
);
CREATE INDEX notification_outbox_by_due ON notification_outbox (dead_at, next_attempt_at);
-- The release list becomes a deletion queue: a released blob is deleted only after delete_after, a
-- grace past the longest transfer that may still be reading it. NULL: released by a commit (the
-- triggers know no clock) and not yet dated; the collector dates such rows when it first sees them.
ALTER TABLE released_blobs ADD COLUMN delete_after INTEGER;
ALTER TABLE released_blobs ADD COLUMN claimed_by TEXT;
ALTER TABLE released_blobs ADD COLUMN lease_until INTEGER;
CREATE INDEX released_blobs_by_due ON released_blobs (delete_after);
