package io.permafrost.store.s3;

import java.io.IOException;

/**
 * Where a shared bucket's writers note each blob just before it becomes an object, so that a collector of
 * orphans (objects nothing refers to) can tell a blob whose metadata commit is still to come from one a
 * killed node left behind. In a cluster the notes are PostgreSQL rows; a store nobody else collects
 * from needs none.
 */
@FunctionalInterface
public interface PublishedBlobs {
    PublishedBlobs NONE = blobId -> {
    };

    /**
     * Called before the object appears; a failure fails the write (nothing becomes visible). The note goes
     * by itself in the transaction that makes something refer to the blob (the cluster schema's triggers);
     * otherwise it ages out: it only keeps the collector away from the blob for longer.
     */
    void aboutToPublish(String blobId) throws IOException;
}
