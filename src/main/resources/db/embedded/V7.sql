-- Blobs whose last reference a committed transaction removed: written in that same transaction (by
-- the triggers BlobReferences installs), so after a crash between that commit and the file delete the
-- start-up sweep can prove the blob is garbage. A blob that nothing refers to and that is not listed
-- here is not provably garbage (metadata restored from an older backup looks the same) and is moved
-- to quarantine instead. The key is "id", not "blob_id", because a listed blob is no longer referred to.
CREATE TABLE released_blobs (
    id TEXT PRIMARY KEY
);
