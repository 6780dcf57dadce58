-- The tamper-evident audit trail (docs/audit.md). Each record carries the SHA-256 of the one before:
-- audit_head holds the newest (seq, hash) so an append reads one row; checkpoints are signed heads.
CREATE TABLE audit_record (
    seq INTEGER PRIMARY KEY,
    time TEXT NOT NULL,
    request_id TEXT,
    principal TEXT,
    account_id TEXT,
    operation TEXT,
    vault TEXT,
    subject_id TEXT,
    decision TEXT,
    statement TEXT,
    source_ip TEXT,
    user_agent TEXT,
    result TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_record_by_vault ON audit_record (account_id, vault, seq);
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
CREATE TABLE audit_checkpoint (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL,
    time TEXT NOT NULL,
    key_id TEXT NOT NULL,
    signature TEXT NOT NULL
);
CREATE TABLE audit_key (
    key_id TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    registered TEXT NOT NULL
);
-- Append-only in the database itself, as the Locked-lock guard (V9): no SQL changes or deletes a record or
-- a checkpoint. (Each trigger body stays on one line: SchemaMigrations splits scripts at a semicolon ending a line.)
CREATE TRIGGER audit_record_is_final_on_update BEFORE UPDATE ON audit_record
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
CREATE TRIGGER audit_record_is_final_on_delete BEFORE DELETE ON audit_record
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
CREATE TRIGGER audit_record_is_final_on_replace BEFORE INSERT ON audit_record
WHEN EXISTS (SELECT 1 FROM audit_record WHERE seq = NEW.seq)
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
CREATE TRIGGER audit_checkpoint_is_final_on_update BEFORE UPDATE ON audit_checkpoint
BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
CREATE TRIGGER audit_checkpoint_is_final_on_delete BEFORE DELETE ON audit_checkpoint
BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
