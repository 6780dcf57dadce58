package io.permafrost.store;

/**
 * A position in an archive scan's (creation time, archive id) order, as the opaque URL-safe text a client
 * holds as an inventory marker. Encoded here, beside the SPI, not by a backend: a marker handed out by an
 * embedded server resumes on a cluster one (and after a move between them) because both read it alike.
 */
public record ArchiveScanKey(long createdAtMillis, String archiveId) {

    public static ArchiveScanKey of(ArchiveRecord archive) {
        return new ArchiveScanKey(archive.creationDate().toEpochMilli(), archive.archiveId());
    }

    public String format() {
        return Long.toString(createdAtMillis, 36) + "." + archiveId;
    }

    /** Throws IllegalArgumentException for text no {@link #format} produced. */
    public static ArchiveScanKey parse(String text) {
        int dot = text.indexOf('.');
        if (dot <= 0) {
            throw new IllegalArgumentException("not a scan key");
        }
        return new ArchiveScanKey(Long.parseLong(text.substring(0, dot), 36), text.substring(dot + 1));
    }

    /** Whether {@code archive} comes after this position. */
    public boolean precedes(ArchiveRecord archive) {
        long createdAt = archive.creationDate().toEpochMilli();
        return createdAt > createdAtMillis || createdAt == createdAtMillis && archive.archiveId().compareTo(archiveId) > 0;
    }
}
