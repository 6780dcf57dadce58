package io.permafrost.it;

import io.permafrost.testing.RawHttp;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glacier.GlacierClient;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.permafrost.testing.GlacierErrorAssertions.assertRawError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Connections that announce a large body without any Authorization and then send it a few bytes at a
 * time must cost the server no more than their headers: each is answered and closed at once, so the
 * workers stay free for signed requests. (Before, every such connection kept a worker draining its body
 * until the idle timeout, and a signed DescribeVault behind 250 of them waited about a minute.)
 */
class SlowUnauthenticatedBodiesIT {
    /** More than the server's worker threads (200 by default). */
    private static final int CONNECTIONS = 400;
    private static final int DECLARED_BODY = 100_000;

    private static TestServer server;
    private static GlacierClient glacier;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        glacier = server.client();
        glacier.createVault(b -> b.accountId("-").vaultName("busy"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** No Authorization, a 100,000-byte body announced, ten bytes of it sent; no Connection: close asked for. */
    private static byte[] slowStart() {
        String head = "POST /-/vaults/busy/archives HTTP/1.1\r\n"
                + "Host: " + server.endpoint().getHost() + ":" + server.endpoint().getPort() + "\r\n"
                + "x-amz-glacier-version: 2012-06-01\r\n"
                + "Content-Length: " + DECLARED_BODY + "\r\n\r\n"
                + "0123456789";
        return head.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void signedRequestsAreServedWhileUnauthenticatedBodiesTrickle() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                slow.add(RawHttp.open(server.endpoint(), slowStart()));
            }
            // A cut-off for the failure case only: the point is that it completes at all while the
            // slow connections are open (it used to wait for their idle timeout, about a minute).
            String arn = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> glacier.describeVault(b -> b.accountId("-").vaultName("busy")).vaultARN());
            assertThat(arn).endsWith(":vaults/busy");

            for (Socket socket : slow) {
                RawHttp.Response answer = RawHttp.readUntilClosed(socket);
                assertRawError(answer, "MissingAuthenticationTokenException", 400, "Missing Authentication Token");
                assertThat(answer.header("Connection")).hasValue("close");
            }
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
        assertThat(server.tempBlobFileCount()).isZero();
    }
}
