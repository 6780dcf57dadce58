CREATE TABLE retrieval_policies (
    account_id TEXT PRIMARY KEY,
    strategy TEXT NOT NULL,
    bytes_per_hour INTEGER
);
CREATE TABLE retrieval_ledger (
    id INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL,
    tier TEXT NOT NULL,
    admitted_at INTEGER NOT NULL,
    bytes INTEGER NOT NULL
);
CREATE INDEX retrieval_ledger_by_account ON retrieval_ledger (account_id, tier, admitted_at);
CREATE INDEX retrieval_ledger_by_time ON retrieval_ledger (admitted_at);
CREATE TABLE provisioned_capacity (
    capacity_id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    starts_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX provisioned_capacity_by_account ON provisioned_capacity (account_id, expires_at);
