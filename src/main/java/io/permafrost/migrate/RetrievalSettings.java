package io.permafrost.migrate;

import java.nio.file.Path;

/**
 * How archives are retrieved from the source: the job tier, GetJobOutput's range size (a MiB times a power of
 * two, so the source sends each range's tree hash), how often an archive or a range is tried before it is
 * reported failed, and where ranges are spooled for verification.
 */
record RetrievalSettings(String tier, long rangeSize, int attemptsPerArchive, int attemptsPerRange, Path spoolDir) {
    static final long MIB = 1024 * 1024;

    RetrievalSettings {
        validate(tier, rangeSize);
    }

    static void validate(String tier, long rangeSize) {
        if (!java.util.Set.of("Bulk", "Standard", "Expedited").contains(tier)) {
            throw new IllegalArgumentException("--tier must be Bulk, Standard or Expedited, not " + tier);
        }
        if (rangeSize < MIB || rangeSize % MIB != 0 || Long.bitCount(rangeSize / MIB) != 1) {
            throw new IllegalArgumentException("--range-size must be 1 MiB times a power of two (1, 2, 4, ... MiB) so "
                    + "the source returns each range's tree hash; got " + rangeSize + " bytes");
        }
    }
}
