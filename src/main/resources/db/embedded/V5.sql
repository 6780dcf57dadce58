-- Small archives and parts live here instead of in files: the metadata commit (one WAL fsync shared by
-- every concurrent writer) makes them durable, where a file costs a file fsync, a rename and a
-- directory fsync of its own. The key is "id", not "blob_id", because this table holds blobs rather
-- than referring to them.
CREATE TABLE inline_blobs (
    id TEXT PRIMARY KEY,
    data BLOB NOT NULL
);
