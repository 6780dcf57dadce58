package io.permafrost.vault;

import java.io.IOException;

/**
 * Stored bytes (or the metadata that vouches for them) are not as they were written: reading them again
 * gives the same answer, so work that met this fails for good, unlike a failure of the store itself (slow,
 * unreachable), which is worth trying again.
 */
class DamagedAtRest extends IOException {
    DamagedAtRest(String message) {
        super(message);
    }

    DamagedAtRest(String message, Throwable cause) {
        super(message, cause);
    }
}
