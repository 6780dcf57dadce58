package io.permafrost.bench;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;

/** The unchanged AWS SDK v2 GlacierClient over one shared Apache HTTP client (pooled keep-alive connections). */
final class SdkLoadGenerator implements LoadGenerator {
    private final GlacierClient client;
    private final int connections;

    SdkLoadGenerator(String endpoint, Credentials credentials, int connections) {
        this.client = SdkClients.glacier(endpoint, credentials, connections);
        this.connections = connections;
    }

    @Override
    public String description() {
        return "AWS SDK v2 GlacierClient 2.41.30, one shared ApacheHttpClient with " + connections + " connections";
    }

    @Override
    public void createVault(String vault) {
        client.createVault(b -> b.accountId("-").vaultName(vault));
    }

    @Override
    public void describeVault(String vault) {
        client.describeVault(b -> b.accountId("-").vaultName(vault));
    }

    @Override
    public void uploadArchive(String vault, byte[] body, String treeHash) {
        client.uploadArchive(b -> b.accountId("-").vaultName(vault).checksum(treeHash), RequestBody.fromBytes(body));
    }

    @Override
    public void close() {
        client.close();
    }
}
