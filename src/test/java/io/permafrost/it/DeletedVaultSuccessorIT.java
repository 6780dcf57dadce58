package io.permafrost.it;

import io.permafrost.testing.EmbeddedOnly;
import io.permafrost.testing.RawHttp;
import io.permafrost.testing.ReferenceTreeHash;
import io.permafrost.testing.SdkSigner;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.services.glacier.GlacierClient;

import java.io.OutputStream;
import java.net.Socket;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;

import static io.permafrost.it.Identities.OTHER_ROOT;
import static io.permafrost.it.Identities.OWNER;
import static io.permafrost.it.Identities.vaultArn;
import static io.permafrost.testing.GlacierErrorAssertions.assertRawError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upload authorized for a vault that is deleted while its body streams must fail, even when a new
 * vault (here: of another account) is created meanwhile: the archive must never land in the newcomer.
 */
class DeletedVaultSuccessorIT {
    private static final int SIZE = 1024 * 1024;

    private TestServer server;
    private IdentityClients clients;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(Identities.with(), c -> c);
        clients = new IdentityClients(server);
    }

    @AfterEach
    void stop() throws Exception {
        clients.close();
        server.close();
    }

    @EmbeddedOnly("knows the upload is streaming by its temporary file; on S3 a blob under 8 MiB is buffered in memory, with nothing in the bucket to watch")
    @Test
    void anUploadIntoADeletedVaultNeverLandsInTheVaultCreatedAfterIt() throws Exception {
        GlacierClient owner = clients.root();
        GlacierClient other = clients.as(OTHER_ROOT);
        owner.createVault(b -> b.accountId("-").vaultName("doomed"));
        byte[] body = new byte[SIZE];
        new Random(7).nextBytes(body);
        SdkSigner.Signed signed = SdkSigner.withKey(TestServer.ROOT_KEY, TestServer.ROOT_SECRET).sign(
                SdkSigner.glacierRequest(SdkHttpMethod.POST, server.endpoint(), "/-/vaults/doomed/archives")
                        .putHeader("x-amz-sha256-tree-hash", ReferenceTreeHash.of(body))
                        .putHeader("x-amz-content-sha256",
                                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)))
                        .build(), body, Instant.now());

        RawHttp.Response answer;
        try (Socket socket = new Socket(server.endpoint().getHost(), server.endpoint().getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(RawHttp.head(server.endpoint(), "POST", signed.request().rawPath(), signed.request().headers(),
                    body.length));
            out.write(body, 0, SIZE / 2);
            out.flush();
            awaitTempFile();   // authorized and streaming: the vault was resolved before what follows

            owner.deleteVault(b -> b.accountId("-").vaultName("doomed"));
            other.createVault(b -> b.accountId("-").vaultName("newcomer"));

            out.write(body, SIZE / 2, SIZE - SIZE / 2);
            out.flush();
            answer = RawHttp.parse(socket.getInputStream());
        }

        assertRawError(answer, "ResourceNotFoundException", 404,
                "Vault not found for ARN: " + vaultArn(OWNER, "doomed"));
        assertThat(other.describeVault(b -> b.accountId("-").vaultName("newcomer")).numberOfArchives()).isZero();
    }

    private void awaitTempFile() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (server.tempBlobFileCount() == 0) {
            assertThat(Instant.now()).as("the upload never started writing").isBefore(deadline);
            Thread.sleep(5);
        }
    }
}
