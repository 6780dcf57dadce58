package io.permafrost.intake;

import java.time.Instant;

/** An archive as its source endpoint described it: what the destination must keep unchanged. */
public record ImportedArchive(String archiveId, String description, Instant creationDate, long size, String treeHash) {
}
