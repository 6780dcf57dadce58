package io.permafrost.it;

import io.permafrost.audit.AuditChain;
import io.permafrost.audit.AuditRecord;
import io.permafrost.testing.TestServer;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads a test server's audit records straight from its database, remembering how far it has read. */
final class AuditLog {
    private final TestServer server;
    private long seen;

    AuditLog(TestServer server) throws SQLException {
        this.server = server;
        this.seen = all().size();
    }

    /** Every record of the chain, in order. */
    List<AuditRecord> all() throws SQLException {
        return after(0);
    }

    /** The records appended since the last call (or since this log was made). */
    List<AuditRecord> fresh() throws SQLException {
        List<AuditRecord> records = after(seen);
        seen += records.size();
        return records;
    }

    private List<AuditRecord> after(long seq) throws SQLException {
        List<AuditRecord> records = new ArrayList<>();
        try (Connection c = server.metadataConnection()) {
            AuditChain.scan(c, seq, "", new Object[0], records::add);
        }
        return records;
    }
}
