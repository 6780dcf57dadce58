package io.permafrost.store.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Tells a lost metadata database from a new one. A {@code metadata.db} that is missing, empty (0
 * bytes) or without a schema (its WAL was lost before the first checkpoint), or that has a schema
 * but no vault at all, while blob files lie beside it, is lost metadata: started as it is, the
 * server would present every vault as gone and its sweep would find every blob unreferenced. So it
 * refuses, and says how to get the metadata back.
 */
final class LostMetadataGuard {
    /** For {@code recover}, which creates the metadata of a directory that holds only blobs. */
    static final LostMetadataGuard NONE = new LostMetadataGuard(null, null);

    private final Path metadataFile;
    private final Path blobsDir;

    private LostMetadataGuard(Path metadataFile, Path blobsDir) {
        this.metadataFile = metadataFile;
        this.blobsDir = blobsDir;
    }

    /** The guard for a database file and the blob directory beside it. */
    static LostMetadataGuard beside(Path metadataFile, Path blobsDir) {
        return new LostMetadataGuard(metadataFile, blobsDir);
    }

    /**
     * Runs before a schema is created: any blob file, also a quarantined one, or any vault record
     * (a Locked vault may hold no archive) means the metadata was lost.
     */
    void refuseNewSchemaBesideBlobs() {
        if (blobsDir == null) {
            return;
        }
        Optional<Path> evidence = firstBlob(true, id -> false);
        if (evidence.isEmpty()) {
            try {
                evidence = new VaultRecordFiles(blobsDir.resolve(VaultRecordFiles.DIRECTORY)).files().stream().findFirst();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot look for vault records in " + blobsDir, e);
            }
        }
        evidence.ifPresent(found -> {
            throw refusal("is missing or empty (no schema)", found);
        });
    }

    /**
     * Runs once the schema exists: no vault, but blob files in the shards that are not listed as
     * released (a crash between a vault's deletion and its files' can leave those), means lost metadata.
     * The quarantine does not count here: it holds what earlier sweeps already kept aside and reported.
     */
    void refuseEmptyMetadataBesideBlobs(boolean hasVaults, Predicate<String> isReleased) {
        if (blobsDir != null && !hasVaults) {
            firstBlob(false, isReleased).ifPresent(blob -> {
                throw refusal("has no vaults", blob);
            });
        }
    }

    private Optional<Path> firstBlob(boolean includingQuarantine, Predicate<String> ignore) {
        try {
            return FileBlobStore.anyBlobFile(blobsDir, includingQuarantine, ignore);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for blob files in " + blobsDir, e);
        }
    }

    private DataDirectoryRefused refusal(String problem, Path blob) {
        Path dataDir = metadataFile.toAbsolutePath().getParent();
        return new DataDirectoryRefused("Refusing to start: the metadata database " + metadataFile.toAbsolutePath()
                + " " + problem + ", but " + blobsDir.toAbsolutePath() + " holds archive data (for example "
                + blob.getFileName() + "). Starting would present every vault as empty. Nothing was changed. "
                + "Restore metadata.db (and metadata.db-wal, if the backup has one) from a backup, or rebuild "
                + "the metadata from the blob files with: permafrost recover --data " + dataDir);
    }
}
