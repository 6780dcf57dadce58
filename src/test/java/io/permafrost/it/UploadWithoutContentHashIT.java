package io.permafrost.it;

import io.permafrost.glacier.TreeHash;
import io.permafrost.testing.RawHttp;
import io.permafrost.testing.SharedServerTest;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.permafrost.testing.GlacierErrorAssertions.assertRawError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upload without {@code x-amz-content-sha256} (spec 8.1): every Glacier client sends that header on
 * both upload operations, and without it the signature could only be checked after the whole body
 * (up to 4 GiB) had been received. Such an upload is refused from its headers alone, whoever signed it,
 * before a byte of its body is read or stored.
 */
class UploadWithoutContentHashIT extends SharedServerTest {

    private static RawHttp.Response upload(String secret, String vault, byte[] data) throws Exception {
        Map<String, List<String>> headers = signedHeadersWithoutContentHash(secret, vault, data);
        return RawHttp.send(server.endpoint(), "POST", "/-/vaults/" + vault + "/archives", headers, data);
    }

    /**
     * A correct SigV4 over host, date, version and tree hash, with the body's SHA-256 only inside the
     * canonical request: the upload no Glacier client sends (botocore, the Java and JS SDKs, jclouds and
     * mt-aws-glacier all add x-amz-content-sha256), so it takes hand-built HTTP.
     */
    private static Map<String, List<String>> signedHeadersWithoutContentHash(String secret, String vault, byte[] data)
            throws Exception {
        String path = "/-/vaults/" + vault + "/archives";
        String host = "127.0.0.1:" + server.port();
        Instant now = server.clock().instant();
        String date = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(now);
        String day = date.substring(0, 8);
        String treeHash = TreeHash.of(data);
        String signedHeaders = "host;x-amz-date;x-amz-glacier-version;x-amz-sha256-tree-hash";
        String canonical = "POST\n" + path + "\n\n" + "host:" + host + "\nx-amz-date:" + date
                + "\nx-amz-glacier-version:2012-06-01\nx-amz-sha256-tree-hash:" + treeHash + "\n\n"
                + signedHeaders + "\n" + hex(MessageDigest.getInstance("SHA-256").digest(data));
        String scope = day + "/us-east-1/glacier/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + date + "\n" + scope + "\n"
                + hex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), day);
        for (String part : new String[] {"us-east-1", "glacier", "aws4_request"}) {
            key = hmac(key, part);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of(host));
        headers.put("x-amz-date", List.of(date));
        headers.put("x-amz-glacier-version", List.of("2012-06-01"));
        headers.put("x-amz-sha256-tree-hash", List.of(treeHash));
        headers.put("Authorization", List.of("AWS4-HMAC-SHA256 Credential=" + TestServer.ROOT_KEY + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + hex(hmac(key, toSign))));
        return headers;
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static byte[] randomBytes(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    private static final String MISSING_CONTENT_HASH = "Required parameter missing: x-amz-content-sha256";

    @Test
    void evenTheKeyHolderIsRefusedAndNothingIsStored() throws Exception {
        createVault("nohash");
        long blobs = server.blobFileCount();
        RawHttp.Response response = upload(TestServer.ROOT_SECRET, "nohash", randomBytes(3 * 1024 * 1024 + 7));
        assertRawError(response, "MissingParameterValueException", 400, MISSING_CONTENT_HASH);
        assertThat(glacier.describeVault(b -> b.accountId("-").vaultName("nohash")).numberOfArchives()).isZero();
        assertThat(server.blobFileCount()).isEqualTo(blobs);
        assertThat(server.tempBlobFileCount()).isZero();
    }

    /**
     * A forged upload (a real access key id, an all-zero signature) announcing 100 MiB: the answer comes
     * while the body has barely started, nothing reaches the disk, and the server closes the connection
     * instead of reading the rest. (Before, the server streamed the body into a temp file to hash it.)
     */
    @Test
    void aForgedUploadIsAnsweredBeforeItsBodyAndTheConnectionIsClosed() throws Exception {
        createVault("nohash-forged");
        long declared = 100L * 1024 * 1024;
        Map<String, List<String>> headers = signedHeadersWithoutContentHash(TestServer.ROOT_SECRET, "nohash-forged",
                new byte[0]);
        headers.put("Authorization", List.of(headers.get("Authorization").get(0)
                .replaceAll("Signature=[0-9a-f]{64}", "Signature=" + "0".repeat(64))));
        byte[] head = keepAlive(RawHttp.head(server.endpoint(), "POST", "/-/vaults/nohash-forged/archives", headers,
                declared));
        ByteArrayOutputStream start = new ByteArrayOutputStream();
        start.writeBytes(head);
        start.writeBytes(randomBytes(16 * 1024));
        try (Socket socket = RawHttp.open(server.endpoint(), start.toByteArray())) {
            RawHttp.Response response = RawHttp.readUntilClosed(socket);
            assertRawError(response, "MissingParameterValueException", 400, MISSING_CONTENT_HASH);
            assertThat(response.header("Connection")).hasValue("close");
        }
        assertThat(server.tempBlobFileCount()).isZero();
        assertThat(glacier.describeVault(b -> b.accountId("-").vaultName("nohash-forged")).numberOfArchives())
                .isZero();
    }

    /** RawHttp asks the server to close; this request must not, so that closing is the server's own decision. */
    private static byte[] keepAlive(byte[] head) {
        return new String(head, StandardCharsets.ISO_8859_1).replace("Connection: close\r\n", "")
                .getBytes(StandardCharsets.ISO_8859_1);
    }
}
