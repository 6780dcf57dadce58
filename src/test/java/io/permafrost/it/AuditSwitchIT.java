package io.permafrost.it;

import io.permafrost.audit.AuditRecord;
import io.permafrost.cli.AuditSettings;
import io.permafrost.cli.OperationsSettings;
import io.permafrost.cli.PermafrostServer;
import io.permafrost.cli.ServerConfig;
import io.permafrost.testing.EmbeddedOnly;
import io.permafrost.testing.MutableClock;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit trail can be off only where it never was on; /metrics shows its record count and the
 * checkpoint lag.
 */
class AuditSwitchIT {
    @TempDir
    Path dataDir;

    @Test
    @EmbeddedOnly("starts servers on one data directory of its own")
    void aDataDirectoryThatHadTheTrailOnCannotTurnItOff() throws Exception {
        ServerConfig config = ServerConfig.defaults(dataDir, List.of()).withPort(0);
        PermafrostServer.start(config.withAudit(AuditSettings.defaults().off()), new MutableClock()).close();
        PermafrostServer.start(config, new MutableClock()).close();

        assertThatThrownBy(() -> PermafrostServer.start(config.withAudit(AuditSettings.defaults().off()),
                new MutableClock()))
                .hasMessageContaining("the audit trail cannot be turned off here: this data directory has had it on");
    }

    @Test
    void metricsCountRecordsAndTheUnsignedTail() throws Exception {
        try (TestServer server = new TestServer(List.of(),
                c -> c.withOperations(OperationsSettings.off().withAdminPort(0)))) {
            server.client().createVault(b -> b.accountId("-").vaultName("counted"));
            server.client().deleteVault(b -> b.accountId("-").vaultName("counted"));
            List<AuditRecord> records = new AuditLog(server).all();
            assertThat(records).hasSize(2);

            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.adminPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(metrics.body()).contains("permafrost_audit_records_total 2.0");
            assertThat(metrics.body()).containsPattern("permafrost_audit_checkpoint_lag [0-9.]+");
        }
    }
}
