-- The tamper-evident audit trail (docs/audit.md). Each record carries the SHA-256 of the one before.
-- audit_head is the one row every appending transaction locks (FOR UPDATE, as its last step), so nodes
-- committing at once still make one chain: no fork, no gap.
CREATE TABLE audit_record (
    seq BIGINT PRIMARY KEY,
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
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
CREATE TABLE audit_checkpoint (
    id BIGSERIAL PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    time TEXT NOT NULL,
    key_id TEXT NOT NULL,
    signature TEXT NOT NULL
);
-- Each node's public key (its private key stays on the node). Keys found only here prove nothing against
-- whoever administers this database: audit verify --public-key pins the ones to trust.
CREATE TABLE audit_key (
    key_id TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    registered TEXT NOT NULL
);
-- Append-only in the database itself, as the Locked-lock guard (V3), whatever SQL any node or psql sends.
CREATE FUNCTION refuse_changing_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TRIGGER audit_record_is_final BEFORE UPDATE OR DELETE ON audit_record
    FOR EACH ROW EXECUTE FUNCTION refuse_changing_audit();
CREATE TRIGGER audit_checkpoint_is_final BEFORE UPDATE OR DELETE ON audit_checkpoint
    FOR EACH ROW EXECUTE FUNCTION refuse_changing_audit();
CREATE TRIGGER audit_record_not_truncated BEFORE TRUNCATE ON audit_record
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_changing_audit();
CREATE TRIGGER audit_checkpoint_not_truncated BEFORE TRUNCATE ON audit_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_changing_audit();
