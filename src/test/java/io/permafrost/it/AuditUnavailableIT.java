package io.permafrost.it;

import io.permafrost.glacier.TreeHash;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server whose audit trail cannot be appended refuses state changes with 503 and changes nothing: the
 * record and the change are one transaction. The trail is made unwritable behind the server's back by a
 * trigger that refuses every insert, as a full disk or a broken table would.
 */
class AuditUnavailableIT {
    private static final String VAULT = "unaudited";
    private static final byte[] DATA = "payroll".getBytes(StandardCharsets.UTF_8);
    private TestServer server;
    private GlacierClient root;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer();
        root = server.client();
        root.createVault(b -> b.accountId("-").vaultName(VAULT));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void deleteAndUploadAreRefusedAndNothingChanges() throws Exception {
        String archiveId = upload();
        long records = new AuditLog(server).all().size();
        makeTrailUnwritable(true);

        ExpectedError.of(() -> root.deleteArchive(b -> b.accountId("-").vaultName(VAULT).archiveId(archiveId)),
                503, "ServiceUnavailableException");
        ExpectedError.of(this::upload, 503, "ServiceUnavailableException");

        assertThat(archiveIds()).containsExactly(archiveId);
        makeTrailUnwritable(false);
        assertThat(new AuditLog(server).all()).hasSize((int) records);
        // Writable again: the same delete now goes through, and is recorded.
        root.deleteArchive(b -> b.accountId("-").vaultName(VAULT).archiveId(archiveId));
        assertThat(archiveIds()).isEmpty();
        assertThat(new AuditLog(server).all()).hasSize((int) records + 1);
    }

    private String upload() {
        return root.uploadArchive(b -> b.accountId("-").vaultName(VAULT).checksum(TreeHash.of(DATA)),
                RequestBody.fromBytes(DATA)).archiveId();
    }

    private void makeTrailUnwritable(boolean unwritable) throws SQLException {
        try (Connection c = server.metadataConnection(); Statement st = c.createStatement()) {
            if (server.isCluster()) {
                if (unwritable) {
                    st.execute("CREATE FUNCTION audit_disk_full() RETURNS trigger LANGUAGE plpgsql AS "
                            + "$$ BEGIN RAISE EXCEPTION 'audit disk full'; END $$");
                    st.execute("CREATE TRIGGER audit_disk_full BEFORE INSERT ON audit_record "
                            + "FOR EACH ROW EXECUTE FUNCTION audit_disk_full()");
                } else {
                    st.execute("DROP TRIGGER audit_disk_full ON audit_record");
                    st.execute("DROP FUNCTION audit_disk_full()");
                }
            } else if (unwritable) {
                st.execute("CREATE TRIGGER audit_disk_full BEFORE INSERT ON audit_record "
                        + "BEGIN SELECT RAISE(ABORT, 'audit disk full'); END");
            } else {
                st.execute("DROP TRIGGER audit_disk_full");
            }
        }
    }

    private List<String> archiveIds() throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = server.metadataConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM archives")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }
}
