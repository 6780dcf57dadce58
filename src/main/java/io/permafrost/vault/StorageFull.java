package io.permafrost.vault;

import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Tells a failure that is the store running out of space from any other, wherever it surfaced: an
 * IOException from a blob write, its fsync or a manifest ({@code ENOSPC}, {@code EDQUOT}), or the metadata
 * database refusing a commit (SQLite's {@code SQLITE_FULL}, PostgreSQL's {@code disk_full}), however deeply
 * wrapped. A full store is a state to wait out, not a bug: it is answered as {@link ErrorCode#STORE_FULL}
 * (503) instead of a 500, and the operator's intake stops a migration there to resume it later.
 */
public final class StorageFull {
    private static final String MESSAGE = "The store is out of space: nothing was stored. Try again once space has been freed.";
    /** SQLite's primary result code SQLITE_FULL: "database or disk is full". */
    private static final int SQLITE_FULL = 13;
    /** PostgreSQL's SQLSTATE for disk_full. */
    private static final String POSTGRES_DISK_FULL = "53100";

    private static final Logger LOG = LoggerFactory.getLogger(StorageFull.class);

    private StorageFull() {
    }

    /** Whether {@code failure}, or anything it was caused by, is the store out of space. */
    public static boolean isCauseOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof GlacierException e && e.errorCode() == ErrorCode.STORE_FULL) {
                return true;
            }
            if (t instanceof SQLException e && ((e.getErrorCode() & 0xff) == SQLITE_FULL
                    || POSTGRES_DISK_FULL.equals(e.getSQLState()))) {
                return true;
            }
            if (t instanceof IOException && t.getMessage() != null && saysNoSpace(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The answer to a client: 503 ServiceUnavailableException saying the store is out of space. Logged as one line
     * (the operator has to free space; a stack trace would say nothing more), with what the system said.
     */
    public static GlacierException refusal(Throwable cause) {
        LOG.warn("the store is out of space, a write was refused: {}", oneLine(cause));
        return new GlacierException(ErrorCode.STORE_FULL, MESSAGE);
    }

    private static String oneLine(Throwable cause) {
        Throwable deepest = cause;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        return String.valueOf(deepest.getMessage()).replaceAll("\\s+", " ");
    }

    /** The operating system's words for ENOSPC and EDQUOT, as the JDK puts them in an IOException. */
    private static boolean saysNoSpace(String message) {
        String text = message.toLowerCase(Locale.ROOT);
        return text.contains("no space left on device") || text.contains("disk quota exceeded");
    }
}
