package io.permafrost.it;

import io.permafrost.glacier.TreeHash;
import io.permafrost.http.TlsSettings;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.permafrost.testing.GlacierErrorAssertions.assertGlacierError;
import static org.assertj.core.api.Assertions.assertThat;

/** HTTPS with an operator's key store: the SDK works over it unchanged, and aws:SecureTransport is true. */
class TlsIT {
    private static final String PASSWORD = "changeit-test";
    private static Path keyStore;
    private static TestServer server;
    private static GlacierClient glacier;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("permafrost-tls");
        keyStore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "permafrost", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        server = new TestServer(List.of(), c -> c.withTls(new TlsSettings(keyStore, PASSWORD)));
        glacier = GlacierClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(TestServer.ROOT_KEY, TestServer.ROOT_SECRET)))
                .httpClientBuilder(ApacheHttpClient.builder().tlsTrustManagersProvider(TlsIT::trustOurCertificate))
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryPolicy(RetryPolicy.none()).build())
                .build();
    }

    /** Trusts exactly the test's self-signed certificate, as a client given the operator's CA would. */
    private static TrustManager[] trustOurCertificate() {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore server = KeyStore.getInstance("PKCS12");
            server.load(in, PASSWORD.toCharArray());
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("permafrost", server.getCertificate("permafrost"));
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            return factory.getTrustManagers();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        glacier.close();
        server.close();
    }

    @Test
    void theSdkWorksUnchangedOverHttps() {
        assertThat(server.endpoint().getScheme()).isEqualTo("https");
        glacier.createVault(b -> b.accountId("-").vaultName("secure"));
        byte[] data = "over tls".getBytes(StandardCharsets.UTF_8);
        String treeHash = glacier.uploadArchive(b -> b.accountId("-").vaultName("secure").checksum(TreeHash.of(data)),
                RequestBody.fromBytes(data)).checksum();
        assertThat(treeHash).isEqualTo(TreeHash.of(data));
        assertThat(glacier.describeVault(b -> b.accountId("-").vaultName("secure")).numberOfArchives()).isEqualTo(1);
    }

    @Test
    void secureTransportIsTrueForPolicies() {
        glacier.createVault(b -> b.accountId("-").vaultName("tls-policy"));
        String arn = "arn:aws:glacier:us-east-1:" + TestServer.ACCOUNT + ":vaults/tls-policy";
        String denyWhen = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\","
                + "\"Action\":\"glacier:DescribeVault\",\"Resource\":\"" + arn + "\","
                + "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"%s\"}}}]}";
        glacier.setVaultAccessPolicy(b -> b.accountId("-").vaultName("tls-policy")
                .policy(p -> p.policy(String.format(denyWhen, "false"))));
        assertThat(glacier.describeVault(b -> b.accountId("-").vaultName("tls-policy")).vaultName())
                .isEqualTo("tls-policy");

        glacier.setVaultAccessPolicy(b -> b.accountId("-").vaultName("tls-policy")
                .policy(p -> p.policy(String.format(denyWhen, "true"))));
        assertGlacierError(() -> glacier.describeVault(b -> b.accountId("-").vaultName("tls-policy")),
                "AccessDeniedException", 403, "User: arn:aws:iam::" + TestServer.ACCOUNT + ":root is not authorized "
                        + "to perform: glacier:DescribeVault on resource: " + arn + " with an explicit deny");
    }
}
