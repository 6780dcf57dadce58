package io.permafrost.it;

import io.permafrost.intake.ArchiveIntake;
import io.permafrost.cli.ArchiveIntakes;
import io.permafrost.store.cluster.ClusterSettings;
import io.permafrost.testing.ServerProcess;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code export} then {@code import} through the real CLI, each in its own JVM, naming a cluster's storage by the
 * cluster flags: the test cluster's own schema goes into the JDBC URL ({@code currentSchema=NAME}), the object
 * store's keys into the environment, exactly as an operator names them. The embedded backend's round trip is
 * ExportImportIT's; this one runs in the cluster lane.
 */
class ExportImportClusterIT {
    private static final String VAULT = "records";

    @TempDir
    Path exports;
    private TestServer source;
    private TestServer destination;

    @BeforeEach
    void start() throws Exception {
        source = new TestServer();
        assumeTrue(source.isCluster(), "the cluster flags need the cluster backend: -Dpermafrost.test.backend=cluster");
        destination = new TestServer();
    }

    @AfterEach
    void stop() throws Exception {
        if (destination != null) {
            destination.close();
        }
        source.close();
    }

    @Test
    void aVaultExportedFromOneClusterThroughItsFlagsImportsIntoAnotherWithIdsAndHashesIntact() throws Exception {
        JobTestVault vault = new JobTestVault(source.client(), VAULT);
        Map<String, byte[]> uploaded = new LinkedHashMap<>();
        byte[] small = "a record kept for decades".getBytes(StandardCharsets.UTF_8);
        uploaded.put(vault.upload(small, "small"), small);
        byte[] multipart = JobTestVault.pattern(2 * 1024 * 1024 + 3);
        uploaded.put(vault.uploadMultipart(multipart, 1024 * 1024, "two parts and a bit"), multipart);
        Path dir = exports.resolve("records");

        ServerProcess.Exit exported = ServerProcess.run(command(source, "export", "--vault", VAULT, "--out",
                dir.toString()), keys(source));
        assertThat(exported.code()).as(exported.stdout() + exported.stderr()).isZero();
        assertThat(exported.stdout()).contains("exported 2 archive(s)");

        ServerProcess.Exit imported = ServerProcess.run(command(destination, "import", "--vault", VAULT, "--account",
                TestServer.ACCOUNT, "--in", dir.toString()), keys(destination));
        assertThat(imported.code()).as(imported.stdout() + imported.stderr()).isZero();
        assertThat(imported.stdout()).contains("imported 2 archive(s)");

        try (ArchiveIntake sourceStore = ArchiveIntakes.open(source.storageTarget());
             ArchiveIntake destinationStore = ArchiveIntakes.open(destination.storageTarget())) {
            for (String id : uploaded.keySet()) {
                assertThat(destinationStore.storedTreeHash(TestServer.ACCOUNT, VAULT, id)).as(id)
                        .isPresent().isEqualTo(sourceStore.storedTreeHash(TestServer.ACCOUNT, VAULT, id));
            }
        }
        JobTestVault copy = new JobTestVault(destination.client(), VAULT, false);
        String multipartId = new ArrayList<>(uploaded.keySet()).get(1);
        String job = copy.retrieve(multipartId);
        copy.awaitCompleted(job);
        assertThat(copy.output(job, null).asByteArray()).isEqualTo(multipart);
    }

    /** {@code permafrost COMMAND ARGS} with the server's storage named by the cluster flags. */
    private static List<String> command(TestServer server, String... args) {
        ClusterSettings cluster = server.storageTarget().cluster();
        String url = cluster.metadataUrl();
        if (cluster.metadataSchema() != null) {
            url += (url.contains("?") ? "&" : "?") + "currentSchema=" + cluster.metadataSchema();
        }
        List<String> command = new ArrayList<>(List.of(args));
        command.addAll(List.of("--metadata", url, "--blobs", cluster.blobs(), "--s3-region", cluster.s3Region()));
        if (cluster.s3Endpoint() != null) {
            command.addAll(List.of("--s3-endpoint", cluster.s3Endpoint().toString()));
        }
        return command;
    }

    private static Map<String, String> keys(TestServer server) {
        ClusterSettings cluster = server.storageTarget().cluster();
        return cluster.s3AccessKey() == null ? Map.of() : Map.of("PERMAFROST_S3_ACCESS_KEY_ID", cluster.s3AccessKey(),
                "PERMAFROST_S3_SECRET_ACCESS_KEY", cluster.s3SecretKey());
    }
}
