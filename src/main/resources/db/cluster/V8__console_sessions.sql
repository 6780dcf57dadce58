-- Web console sessions (the embedded V13, in PostgreSQL terms), shared by every node: a session opened
-- on one node is known on all of them, and a sign-out on any ends it everywhere. Only the SHA-256 of the
-- cookie's token is stored: nothing here can be presented as a cookie. ends_at is the earlier of the idle
-- limit (moved on by each use) and absolute_end; times are epoch milliseconds of the database's clock.
-- Ended rows are deleted as sessions are opened.
CREATE TABLE console_sessions (
    token_hash TEXT PRIMARY KEY,
    access_key_id TEXT NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    absolute_end BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    flash TEXT
);
CREATE INDEX console_sessions_by_end ON console_sessions (ends_at);

-- Lock ids a session's InitiateVaultLock returned, by vault name: its CompleteVaultLock sends them back.
CREATE TABLE console_session_locks (
    token_hash TEXT NOT NULL,
    vault TEXT NOT NULL,
    lock_id TEXT NOT NULL,
    PRIMARY KEY (token_hash, vault)
);
