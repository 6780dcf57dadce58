package io.permafrost.it;

import io.permafrost.audit.AuditRecord;
import io.permafrost.audit.ChainVerifier;
import io.permafrost.glacier.TreeHash;
import io.permafrost.testing.ConcurrentCalls;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on one PostgreSQL schema append at once: the head row lock serializes them into one chain,
 * every seq once, no fork (two records on one previous hash), no gap. Runs even in the embedded lane
 * (skipped where no PostgreSQL can be had).
 */
class ClusterAuditChainIT {
    private static final int WRITERS_PER_NODE = 4;
    private static final int UPLOADS_PER_WRITER = 10;
    private TestServer nodeA;
    private TestServer nodeB;

    @AfterEach
    void stop() throws Exception {
        if (nodeB != null) {
            nodeB.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
    }

    @Test
    void racingNodesMakeOneChainWithoutGapsOrForks() throws Exception {
        nodeA = TestServer.clusterNode();
        nodeB = nodeA.anotherNode();
        nodeA.client().createVault(b -> b.accountId("-").vaultName("shared"));
        List<Callable<Integer>> writers = new ArrayList<>();
        for (TestServer node : List.of(nodeA, nodeB)) {
            for (int w = 0; w < WRITERS_PER_NODE; w++) {
                GlacierClient client = node.client();
                String who = node.port() + "-" + w;
                writers.add(() -> {
                    for (int i = 0; i < UPLOADS_PER_WRITER; i++) {
                        byte[] data = (who + " " + i).getBytes(StandardCharsets.UTF_8);
                        client.uploadArchive(b -> b.accountId("-").vaultName("shared").checksum(TreeHash.of(data)),
                                RequestBody.fromBytes(data));
                    }
                    return UPLOADS_PER_WRITER;
                });
            }
        }
        @SuppressWarnings("unchecked")
        Callable<Integer>[] calls = writers.toArray(Callable[]::new);
        ConcurrentCalls.race(calls);
        nodeA.checkpointAuditNow();
        nodeB.checkpointAuditNow();

        List<AuditRecord> chain = new AuditLog(nodeA).all();
        int expected = 1 + 2 * WRITERS_PER_NODE * UPLOADS_PER_WRITER;
        assertThat(chain).hasSize(expected);
        for (int i = 0; i < chain.size(); i++) {
            assertThat(chain.get(i).seq()).isEqualTo(i + 1);
            assertThat(chain.get(i).prevHash()).isEqualTo(i == 0 ? AuditRecord.GENESIS : chain.get(i - 1).hash());
        }
        try (Connection c = nodeA.metadataConnection()) {
            ChainVerifier.Report report = new ChainVerifier(ChainVerifier.registeredKeys(c), Optional.empty()).verify(c);
            assertThat(report.problem()).isNull();
            assertThat(report.records()).isEqualTo(expected);
            assertThat(report.unsignedTail()).isZero();
        }
    }
}
