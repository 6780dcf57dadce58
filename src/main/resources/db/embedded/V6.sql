-- The SHA-256 of every 1 MiB chunk of a blob (32 bytes each, one after the other), recorded at upload
-- next to each reference to the blob, so that any byte range can be verified by reading only the
-- chunks that cover it. NULL for blobs stored before this migration: those are verified whole.
ALTER TABLE archive_segments ADD COLUMN leaf_hashes BLOB;
ALTER TABLE parts ADD COLUMN leaf_hashes BLOB;
ALTER TABLE job_segments ADD COLUMN leaf_hashes BLOB;
