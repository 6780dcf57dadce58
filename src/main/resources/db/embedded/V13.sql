-- Web console sessions (docs/console.md), kept with the metadata so that a session outlives a restart
-- until it ends. Only the SHA-256 of the cookie's token is stored: nothing here can be presented as a
-- cookie. ends_at is the earlier of the idle limit (moved on by each use) and absolute_end; times are
-- epoch milliseconds of the compliance clock. Ended rows are deleted as sessions are opened.
CREATE TABLE console_sessions (
    token_hash TEXT PRIMARY KEY,
    access_key_id TEXT NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    absolute_end INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
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
