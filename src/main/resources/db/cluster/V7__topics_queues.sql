-- The SNS and SQS subset (the embedded V10, in PostgreSQL terms), shared by every node: a message sent
-- through one node is received through any other. Times are epoch milliseconds like the rest of the schema.
CREATE TABLE sns_topics (
    arn TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE sns_subscriptions (
    arn TEXT PRIMARY KEY,
    topic_arn TEXT NOT NULL REFERENCES sns_topics (arn) ON DELETE CASCADE,
    owner_account_id TEXT NOT NULL,
    protocol TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    UNIQUE (topic_arn, protocol, endpoint)
);

CREATE TABLE sqs_queues (
    account_id TEXT NOT NULL,
    name TEXT NOT NULL,
    attributes TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    modified_at BIGINT NOT NULL,
    PRIMARY KEY (account_id, name)
);

-- seq keeps the order messages were sent in; visible_at is when a message may be received next (its
-- delay, or the end of its visibility timeout). Receivers on several nodes claim rows with
-- FOR UPDATE SKIP LOCKED, so a visible message goes to one receiver at a time.
CREATE TABLE sqs_messages (
    seq BIGSERIAL PRIMARY KEY,
    account_id TEXT NOT NULL,
    queue_name TEXT NOT NULL,
    message_id TEXT NOT NULL,
    body TEXT NOT NULL,
    md5 TEXT NOT NULL,
    sent_at BIGINT NOT NULL,
    visible_at BIGINT NOT NULL,
    receive_count INTEGER NOT NULL DEFAULT 0,
    receipt_handle TEXT,
    first_received_at BIGINT,
    FOREIGN KEY (account_id, queue_name) REFERENCES sqs_queues (account_id, name) ON DELETE CASCADE
);

CREATE INDEX sqs_messages_by_queue ON sqs_messages (account_id, queue_name, visible_at, seq);
CREATE INDEX sqs_messages_by_handle ON sqs_messages (receipt_handle);

-- Orphan collection (docs/cluster.md, "Orphaned objects"). A writer notes each blob here just before its
-- object appears in the bucket (database time, epoch milliseconds), and the note goes once something refers
-- to the blob; a node killed between the two leaves a note that ages out. The collector deletes only an
-- object nothing refers to, that is not queued for deferred deletion, whose note (if any) and whose object
-- are both older than its bound.
CREATE TABLE published_blobs (
    blob_id TEXT PRIMARY KEY,
    published_at BIGINT NOT NULL
);
CREATE INDEX published_blobs_by_age ON published_blobs (published_at);

-- Vaults whose Object Lock retention extension is unfinished (docs/cluster.md, "Object Lock retention"):
-- noted before a lock completes or when a new archive's retention failed, removed once the extension
-- ran to its end with no newer note (version). A node's start resumes only these instead of reading every
-- blob's retention. Vaults Locked before this migration are noted once, so a start finishes whatever an
-- older version may have left half-done.
CREATE TABLE retention_backlog (
    vault_id BIGINT PRIMARY KEY REFERENCES vaults(id) ON DELETE CASCADE,
    version BIGINT NOT NULL
);
INSERT INTO retention_backlog (vault_id, version) SELECT vault_id, 1 FROM vault_locks WHERE state = 'LOCKED';
