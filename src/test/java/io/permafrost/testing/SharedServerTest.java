package io.permafrost.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.glacier.GlacierClient;

/**
 * Base of the SDK-driven suites that share one server per class: {@code server} and a root
 * {@code glacier} client are ready before the first test and closed after the last.
 */
public abstract class SharedServerTest {
    protected static TestServer server;
    protected static GlacierClient glacier;

    @BeforeAll
    static void startSharedServer() throws Exception {
        server = new TestServer();
        glacier = server.client();
    }

    @AfterAll
    static void stopSharedServer() throws Exception {
        server.close();
    }

    protected static void createVault(String vault) {
        glacier.createVault(b -> b.accountId("-").vaultName(vault));
    }
}
