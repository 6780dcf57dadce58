package io.permafrost.store.cluster;

import io.permafrost.store.ComplianceClockRow;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/** The compliance clock's row in PostgreSQL (cluster schema V4). */
final class PostgresComplianceClockRow implements ComplianceClockRow {
    private final Transactions transactions;

    PostgresComplianceClockRow(PostgresDatabase database) {
        this.transactions = database.transactions();
    }

    @Override
    public Optional<Instant> load() {
        return transactions.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT at_ms FROM compliance_clock WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Instant.ofEpochMilli(rs.getLong(1))) : Optional.<Instant>empty();
            }
        });
    }

    @Override
    public void advanceTo(Instant at) {
        transactions.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO compliance_clock (id, at_ms) VALUES (1, ?) "
                    + "ON CONFLICT (id) DO UPDATE SET at_ms = GREATEST(compliance_clock.at_ms, EXCLUDED.at_ms)")) {
                ps.setLong(1, at.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }
}
