package io.permafrost.intake;

// PLACEHOLDER: the import branch owns this package; this copy of its agreed interface is dropped at the merge.
public record ImportedArchive(String archiveId, String description, java.time.Instant creationDate,
                              long size, String treeHash) {}
