-- WORM in the database itself: a Locked lock row can be neither changed nor deleted, whatever SQL any
-- node (or an operator with psql) sends. The one way it goes is with its vault, by the ON DELETE CASCADE
-- of deleting the vault row (which the stores do only for an empty vault): by then the vault row is gone.
CREATE FUNCTION refuse_changing_locked_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.state = 'LOCKED' AND (TG_OP = 'UPDATE' OR EXISTS (SELECT 1 FROM vaults WHERE id = OLD.vault_id)) THEN
        RAISE EXCEPTION 'the Locked vault lock of vault % cannot be changed or deleted', OLD.vault_id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER locked_lock_is_final BEFORE UPDATE OR DELETE ON vault_locks
    FOR EACH ROW EXECUTE FUNCTION refuse_changing_locked_lock();
