package io.permafrost.it;

import io.permafrost.testing.RawHttp;
import io.permafrost.testing.SharedServerTest;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import static io.permafrost.testing.GlacierErrorAssertions.assertRawError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Connections that announce a large body and then send it a few bytes at a time must not tie up the
 * server's workers: refused without Authorization, each is answered and closed at once; with a claimed
 * signature over a small body, the body is buffered as it arrives. Signed requests keep being served.
 * (Before, every such connection kept a worker reading until the idle timeout, and a signed
 * DescribeVault behind a few hundred of them waited about a minute.)
 */
class SlowUnauthenticatedBodiesIT extends SharedServerTest {
    /** Twice the server's worker threads (200 by default). */
    private static final int CONNECTIONS = 400;
    private static final int DECLARED_BODY = 100_000;

    @BeforeAll
    static void createBusyVault() {
        createVault("busy");
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

    /**
     * A claimed (not yet proven) signature over a small JSON body sent without x-amz-content-sha256, as
     * botocore signs it: real key id, valid scope and date, an all-zero signature. The body must be read
     * before the signature can be checked.
     */
    private static byte[] slowUnprovenJsonStart() {
        return unprovenJsonStart(DECLARED_BODY, "{\"Tags\":");
    }

    private static byte[] unprovenJsonStart(int declaredLength, String bodyStart) {
        String date = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .format(server.clock().instant());
        String head = "POST /-/vaults/busy/tags?operation=add HTTP/1.1\r\n"
                + "Host: " + server.endpoint().getHost() + ":" + server.endpoint().getPort() + "\r\n"
                + "x-amz-glacier-version: 2012-06-01\r\n"
                + "x-amz-date: " + date + "\r\n"
                + "Authorization: AWS4-HMAC-SHA256 Credential=" + TestServer.ROOT_KEY + "/" + date.substring(0, 8)
                + "/us-east-1/glacier/aws4_request, SignedHeaders=host;x-amz-date;x-amz-glacier-version, Signature="
                + "0".repeat(64) + "\r\n"
                + "Content-Length: " + declaredLength + "\r\n\r\n"
                + bodyStart;
        return head.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Opens {@link #CONNECTIONS} connections into {@code slow} that each send {@code start}, then a signed DescribeVault. */
    private static void describeVaultBehind(byte[] start, List<Socket> slow) throws Exception {
        for (int i = 0; i < CONNECTIONS; i++) {
            slow.add(RawHttp.open(server.endpoint(), start));
        }
        // A cut-off for the failure case only: the point is that it completes at all while the slow
        // connections are open (it used to wait for their idle timeout, about a minute).
        String arn = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> glacier.describeVault(b -> b.accountId("-").vaultName("busy")).vaultARN());
        assertThat(arn).endsWith(":vaults/busy");
    }

    private static void closeAll(List<Socket> sockets) throws Exception {
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    @Test
    void signedRequestsAreServedWhileUnauthenticatedBodiesTrickle() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            describeVaultBehind(slowStart(), slow);
            for (Socket socket : slow) {
                RawHttp.Response answer = RawHttp.readUntilClosed(socket);
                assertRawError(answer, "MissingAuthenticationTokenException", 400, "Missing Authentication Token");
                assertThat(answer.header("Connection")).hasValue("close");
            }
        } finally {
            closeAll(slow);
        }
        assertThat(server.tempBlobFileCount()).isZero();
    }

    /** The small body is buffered as it arrives, without a worker waiting on each connection. */
    @Test
    void signedRequestsAreServedWhileUnprovenJsonBodiesTrickle() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            describeVaultBehind(slowUnprovenJsonStart(), slow);
        } finally {
            closeAll(slow);
        }
        assertThat(glacier.listTagsForVault(b -> b.accountId("-").vaultName("busy")).tags()).isEmpty();
    }

    /**
     * A caller with a real key id but no secret can make the server hold a body until it is in; all such
     * bodies together are bounded (64 MiB at most), and past the bound a request is refused as throttled
     * rather than buffered. The budget comes back when the connections go.
     */
    @Test
    void unprovenBodiesTogetherAreBoundedAndThoseBeyondAreThrottled() throws Exception {
        int connections = 80;
        byte[] filler = new byte[900_000];
        java.util.Arrays.fill(filler, (byte) ' ');
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                Socket socket = RawHttp.open(server.endpoint(), unprovenJsonStart(1_048_576, "{\"Tags\":"));
                socket.getOutputStream().write(filler);
                socket.getOutputStream().flush();
                held.add(socket);
            }
            List<RawHttp.Response> refused = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            for (Socket socket : held) {
                while (socket.getInputStream().available() == 0 && refused.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                if (socket.getInputStream().available() > 0) {
                    refused.add(RawHttp.readUntilClosed(socket));
                }
            }
            // 80 x 900,000 bytes is more than the 64 MiB budget: some must have been turned away.
            assertThat(refused).as("answers before the bodies were complete").isNotEmpty();
            for (RawHttp.Response answer : refused) {
                assertRawError(answer, "ThrottlingException", 400,
                        "Too many request bodies of unauthenticated callers are in flight; retry later");
            }
        } finally {
            closeAll(held);
        }
        // Closed connections give their share back: a small unproven body is read and judged again.
        RawHttp.Response answer = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            String body = "{\"Tags\":{}}";
            answer = RawHttp.sendBytes(server.endpoint(), unprovenJsonStart(body.length(), body));
            if (!answer.bodyText().contains("ThrottlingException")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(answer.status()).as(answer.bodyText()).isEqualTo(403);
        assertThat(answer.bodyText()).contains("InvalidSignatureException");
    }
}
