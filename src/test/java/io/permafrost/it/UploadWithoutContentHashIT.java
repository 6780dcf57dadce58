package io.permafrost.it;

import io.permafrost.glacier.TreeHash;
import io.permafrost.testing.RawHttp;
import io.permafrost.testing.SharedServerTest;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upload signed without {@code x-amz-content-sha256} (spec 8.1 [P]): the server hashes the body
 * to check the signature. Until the signature is proven nothing is stored, and a caller who does not
 * hold the key learns nothing from the refusal, not even whether the vault exists.
 */
class UploadWithoutContentHashIT extends SharedServerTest {
    private static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the "
            + "signature you provided. Check your AWS Secret Access Key and signing method. "
            + "Consult the service documentation for details.";

    /**
     * Signs like botocore does for a body it does not announce a hash for: SigV4 over host, date,
     * version and tree hash, with the body's SHA-256 only inside the canonical request. (The SDK's own
     * signer always adds and signs x-amz-content-sha256, so it cannot send this request.)
     */
    private static RawHttp.Response upload(String secret, String vault, byte[] data) throws Exception {
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
        return RawHttp.send(server.endpoint(), "POST", path, headers, data);
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

    @Test
    void aRightlySignedUploadIsStoredWithTheHashComputedFromItsBody() throws Exception {
        createVault("nohash");
        byte[] data = randomBytes(3 * 1024 * 1024 + 7);
        RawHttp.Response response = upload(TestServer.ROOT_SECRET, "nohash", data);
        assertThat(response.status()).as(response.bodyText()).isEqualTo(201);
        assertThat(response.header("x-amz-sha256-tree-hash")).contains(TreeHash.of(data));
        assertThat(glacier.describeVault(b -> b.accountId("-").vaultName("nohash")).numberOfArchives()).isEqualTo(1);
    }

    @Test
    void aWrongSecretStoresNothing() throws Exception {
        createVault("nohash-impostor");
        long blobs = server.blobFileCount();
        RawHttp.Response response = upload("not-the-secret", "nohash-impostor", "forged".getBytes(StandardCharsets.UTF_8));
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.bodyText()).contains("InvalidSignatureException").contains(SIGNATURE_MISMATCH);
        assertThat(glacier.describeVault(b -> b.accountId("-").vaultName("nohash-impostor")).numberOfArchives())
                .isZero();
        assertThat(server.blobFileCount()).isEqualTo(blobs);
        assertThat(server.tempBlobFileCount()).isZero();
    }

    @Test
    void withoutTheKeyAMissingVaultIsNotRevealed() throws Exception {
        RawHttp.Response impostor = upload("not-the-secret", "no-such-vault",
                "probe".getBytes(StandardCharsets.UTF_8));
        assertThat(impostor.status()).isEqualTo(403);
        assertThat(impostor.bodyText()).contains("InvalidSignatureException");

        // The key holder does learn it: the refusal is the real one once the signature is proven.
        RawHttp.Response owner = upload(TestServer.ROOT_SECRET, "no-such-vault",
                "probe".getBytes(StandardCharsets.UTF_8));
        assertThat(owner.status()).isEqualTo(404);
        assertThat(owner.bodyText()).contains("ResourceNotFoundException");
    }
}
