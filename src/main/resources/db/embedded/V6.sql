-- Placeholder on branch hard-sweep only: V6 belongs to another branch, and migrations stop at the
-- first missing number, so without this file V7 would never run here. Replace it with the real V6 at merge.
CREATE TABLE IF NOT EXISTS migration_placeholder_v6 (id INTEGER PRIMARY KEY);
DROP TABLE migration_placeholder_v6;
