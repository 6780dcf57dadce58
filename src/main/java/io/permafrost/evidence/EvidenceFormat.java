package io.permafrost.evidence;

import java.util.List;

/**
 * The names of the bundle's fields, shared by the writer and the verifier (docs/evidence.md describes them):
 * line 1 holds every field but the signature and ends with the only LF in the file; line 2 is the signature.
 */
final class EvidenceFormat {
    static final String FORMAT = "permafrost-evidence/1";
    static final String ALGORITHM = "Ed25519";
    static final String SIGNED_BYTES = "Ed25519 signature of the SHA-256 digest (32 bytes) of line 1 of this file: "
            + "every byte from the first up to and including the first LF (0x0A)";

    /** The parts whose own SHA-256 the bundle lists, in the order they appear. */
    static final List<String> SECTIONS = List.of("vault", "lock", "accessPolicy", "archives", "auditChainHead");

    /** Every field of line 1, in order. */
    static final List<String> SIGNED_FIELDS = List.of("format", "generatedAt", "account", "vault", "lock",
            "accessPolicy", "archives", "archiveCount", "archiveBytes", "auditChainHead", "sections");

    static final String SIGNATURE = "signature";

    /** The scrub results as the bundle spells them. */
    static final List<String> SCRUB_RESULTS = List.of("ok", "mismatch", "missing");

    private EvidenceFormat() {
    }
}
