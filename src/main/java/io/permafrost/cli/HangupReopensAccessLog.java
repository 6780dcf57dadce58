package io.permafrost.cli;

import io.permafrost.http.AccessLogFile;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.IOException;

/**
 * SIGHUP reopens the access log, so that logrotate can rename the file and signal the server
 * ({@code postrotate}) instead of copying and truncating it. Without this the JVM's own SIGHUP handler
 * would shut the server down. {@code sun.misc.Signal} is the JDK's only signal API; on a JVM that does
 * not let it take SIGHUP (e.g. run with -Xrs) the server logs that and keeps the JVM's behaviour.
 */
final class HangupReopensAccessLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HangupReopensAccessLog.class);
    private static final Signal HUP = new Signal("HUP");

    private final SignalHandler previous;

    private HangupReopensAccessLog(SignalHandler previous) {
        this.previous = previous;
    }

    /** Installs the handler; null when the JVM refuses it. */
    static HangupReopensAccessLog install(AccessLogFile log) {
        try {
            SignalHandler previous = Signal.handle(HUP, signal -> reopen(log));
            if (previous == SignalHandler.SIG_IGN) {
                // Started with SIGHUP ignored (nohup): the JVM keeps ignoring it and installs nothing.
                LOG.warn("SIGHUP is ignored by this process (started under nohup?), so it cannot reopen the access"
                        + " log; rotate {} with copytruncate instead", log.file());
                return null;
            }
            return new HangupReopensAccessLog(previous);
        } catch (IllegalArgumentException refused) {
            LOG.warn("SIGHUP cannot reopen the access log here ({}); rotate {} with copytruncate instead",
                    refused.getMessage(), log.file());
            return null;
        }
    }

    private static void reopen(AccessLogFile log) {
        try {
            log.reopen();
            LOG.info("SIGHUP: reopened the access log {}", log.file());
        } catch (IOException e) {
            LOG.error("SIGHUP: cannot reopen the access log {} ({}); still writing to the file open before",
                    log.file(), e.toString());
        }
    }

    /** Gives SIGHUP back to whoever had it before (in a test JVM that runs many servers). */
    @Override
    public void close() {
        Signal.handle(HUP, previous);
    }
}
