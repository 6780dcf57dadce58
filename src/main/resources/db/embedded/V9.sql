-- WORM in the database itself: a Locked lock row can be neither changed nor deleted by any SQL (a bug,
-- a hand-edit with the sqlite3 shell). It goes only with its vault, by the ON DELETE CASCADE of deleting
-- the (empty) vault row: by the time the cascade deletes the lock row, the vault row is gone.
-- (Each trigger body stays on one line: SchemaMigrations splits scripts at a semicolon ending a line.)
CREATE TRIGGER locked_lock_is_final_on_update BEFORE UPDATE ON vault_locks
WHEN OLD.state = 'LOCKED'
BEGIN SELECT RAISE(ABORT, 'a Locked vault lock cannot be changed'); END;
CREATE TRIGGER locked_lock_is_final_on_delete BEFORE DELETE ON vault_locks
WHEN OLD.state = 'LOCKED' AND EXISTS (SELECT 1 FROM vaults WHERE id = OLD.vault_id)
BEGIN SELECT RAISE(ABORT, 'a Locked vault lock cannot be deleted'); END;
-- INSERT OR REPLACE deletes the old row without firing delete triggers (recursive_triggers is off), so an
-- insert over a Locked row is refused before it starts.
CREATE TRIGGER locked_lock_is_final_on_replace BEFORE INSERT ON vault_locks
WHEN EXISTS (SELECT 1 FROM vault_locks WHERE vault_id = NEW.vault_id AND state = 'LOCKED')
BEGIN SELECT RAISE(ABORT, 'a Locked vault lock cannot be replaced'); END;
