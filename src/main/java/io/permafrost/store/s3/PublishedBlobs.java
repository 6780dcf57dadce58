package io.permafrost.store.s3;

import java.io.IOException;

/**
 * Where a shared bucket's writers note each blob just before it becomes an object, so that a collector of
 * orphans (objects nothing refers to) can tell a blob whose metadata commit is still to come from one a
 * killed node left behind. In a cluster the notes are PostgreSQL rows; a store nobody else collects
 * from needs none.
 */
public interface PublishedBlobs {
    PublishedBlobs NONE = new PublishedBlobs() {
        @Override
        public void aboutToPublish(String blobId) {
        }

        @Override
        public void writerClosed(String blobId) {
        }
    };

    /** Called before the object appears; a failure fails the write (nothing becomes visible). */
    void aboutToPublish(String blobId) throws IOException;

    /**
     * The writer of a published blob was closed (its caller's metadata commit is usually done by now, but
     * not always): the note may go once something refers to the blob. Failures are the implementation's.
     */
    void writerClosed(String blobId);
}
