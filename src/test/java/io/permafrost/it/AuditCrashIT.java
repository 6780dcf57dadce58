package io.permafrost.it;

import io.permafrost.audit.AuditChain;
import io.permafrost.audit.AuditRecord;
import io.permafrost.glacier.TreeHash;
import io.permafrost.testing.EmbeddedOnly;
import io.permafrost.testing.ServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An acknowledged DeleteArchive has its audit record after kill -9 and a restart: they were one commit. */
@EmbeddedOnly("kills a server process and reads its data directory")
class AuditCrashIT {
    @TempDir
    Path dataDir;
    private ServerProcess server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anAcknowledgedDeleteKeepsItsRecordThroughKillNine() throws Exception {
        server = ServerProcess.start(dataDir, "256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
        String archiveId;
        try (GlacierClient client = server.client()) {
            client.createVault(b -> b.accountId("-").vaultName("crash"));
            byte[] data = "to be deleted".getBytes(StandardCharsets.UTF_8);
            archiveId = client.uploadArchive(b -> b.accountId("-").vaultName("crash").checksum(TreeHash.of(data)),
                    RequestBody.fromBytes(data)).archiveId();
            client.deleteArchive(b -> b.accountId("-").vaultName("crash").archiveId(archiveId));
        }
        assertThat(server.kill()).isEqualTo(ServerProcess.KILLED_BY_SIGKILL);
        server = ServerProcess.start(dataDir, "256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

        List<AuditRecord> records = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("metadata.db"))) {
            AuditChain.scan(c, 0, "", new Object[0], records::add);
        }
        AuditRecord last = records.get(records.size() - 1);
        assertThat(last.event().operation()).isEqualTo("DeleteArchive");
        assertThat(last.event().subjectId()).isEqualTo(archiveId);
        assertThat(last.event().result()).isEqualTo("OK");
    }
}
