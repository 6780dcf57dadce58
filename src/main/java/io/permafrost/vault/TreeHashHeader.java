package io.permafrost.vault;

import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.TreeHash;

/** Validation of {@code x-amz-sha256-tree-hash} values (spec 6.3). */
final class TreeHashHeader {
    static final String NAME = "x-amz-sha256-tree-hash";

    private TreeHashHeader() {
    }

    /** Requires the header to be present and hex; returns it unchanged. */
    static String requireHex(String value) {
        if (value == null) {
            throw GlacierException.missingParameter(NAME);
        }
        if (TreeHash.parseHexOrNull(value) == null) {
            throw GlacierException.invalidParameter("Invalid " + NAME + ": " + value);
        }
        return value;
    }

    /** The upload-time comparison: "Checksum mismatch" when the sent hash is not the computed one. */
    static void requireMatch(String sent, String computed) {
        if (!sent.equalsIgnoreCase(computed)) {
            throw GlacierException.invalidParameter("Checksum mismatch: expected " + sent + ", computed " + computed);
        }
    }
}
