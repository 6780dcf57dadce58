-- Placeholder: schema number 11 belongs to the audit trail (audit branch), which replaces this file when it
-- is merged. It exists only so that the evidence tables (V12) apply on this branch: migrations run in
-- unbroken number order and stop at the first missing one.
SELECT 1;
