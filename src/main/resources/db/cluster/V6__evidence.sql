-- Compliance evidence (docs/evidence.md). When a lock was completed: the moment an auditor asks for
-- besides when it was initiated (created_at). Null for a lock still in progress, and for locks completed
-- before this column existed. (Adding a column is no UPDATE: the Locked-lock trigger is not involved.)
ALTER TABLE vault_locks ADD COLUMN completed_at BIGINT;

-- Every Set and Delete of a vault's access policy, appended in the same transaction as the change:
-- when (compliance clock), by whom (the caller's ARN), and the policy text (null for a delete).
CREATE TABLE access_policy_history (
    seq BIGSERIAL PRIMARY KEY,
    vault_id BIGINT NOT NULL REFERENCES vaults(id) ON DELETE CASCADE,
    changed_at BIGINT NOT NULL,
    principal TEXT NOT NULL,
    policy TEXT
);
CREATE INDEX access_policy_history_by_vault ON access_policy_history (vault_id, seq);

-- The last scrub of each archive: when (compliance clock), OK / MISMATCH / MISSING, and the tree hash
-- the scrub computed from the stored bytes (null when they could not all be read).
CREATE TABLE scrub_results (
    archive_id TEXT COLLATE "C" PRIMARY KEY REFERENCES archives(id) ON DELETE CASCADE,
    scrubbed_at BIGINT NOT NULL,
    result TEXT NOT NULL,
    hash TEXT
);
