package io.permafrost.it;

import static io.permafrost.it.Identities.OWNER;
import static io.permafrost.it.PolicyJson.allow;
import static org.assertj.core.api.Assertions.assertThat;

import io.permafrost.glacier.TreeHash;
import io.permafrost.testing.TestServer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.VaultLockPolicy;

/**
 * For suites about what a locked policy enforces: a fresh server per test with an admin user allowed
 * {@code glacier:*} (so that only the lock can be what refuses), the account root's client, one
 * vault, and the calls those suites make over and over.
 */
abstract class LockedVaultFixture {
    static final String ADMIN_KEY = "ADMINKEY";

    protected final String vault;
    protected TestServer server;
    protected IdentityClients clients;
    protected GlacierClient root;

    protected LockedVaultFixture(String vault) {
        this.vault = vault;
    }

    @BeforeEach
    void startServerWithVault() throws Exception {
        server = new TestServer(Identities.with(
                Identities.user(OWNER, "admin", ADMIN_KEY, PolicyJson.of(allow("glacier:*", "*")))), c -> c);
        clients = new IdentityClients(server);
        root = clients.root();
        root.createVault(b -> b.accountId("-").vaultName(vault));
    }

    @AfterEach
    void stopServer() throws Exception {
        clients.close();
        server.close();
    }

    /** Initiates and completes a lock with {@code policy}, as root. */
    protected void lock(String policy) {
        lock(root, vault, policy);
    }

    /** Initiates and completes a lock of {@code vaultName} with {@code policy}, as {@code client}. */
    static void lock(GlacierClient client, String vaultName, String policy) {
        String lockId = client.initiateVaultLock(b -> b.accountId("-").vaultName(vaultName)
                .policy(VaultLockPolicy.builder().policy(policy).build())).lockId();
        client.completeVaultLock(b -> b.accountId("-").vaultName(vaultName).lockId(lockId));
        assertThat(client.getVaultLock(b -> b.accountId("-").vaultName(vaultName)).state()).isEqualTo("Locked");
    }

    /** Uploads {@code content} as root; returns the archive id. */
    protected String upload(String content) {
        return upload(root, vault, content);
    }

    /** Uploads {@code content} to {@code vaultName} as {@code client}; returns the archive id. */
    static String upload(GlacierClient client, String vaultName, String content) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        return client.uploadArchive(b -> b.accountId("-").vaultName(vaultName).checksum(TreeHash.of(data)),
                RequestBody.fromBytes(data)).archiveId();
    }

    protected void delete(GlacierClient client, String archiveId) {
        client.deleteArchive(b -> b.accountId("-").vaultName(vault).archiveId(archiveId));
    }

    protected void assertArchiveCount(long archives) {
        assertThat(root.describeVault(b -> b.accountId("-").vaultName(vault)).numberOfArchives()).isEqualTo(archives);
    }
}
