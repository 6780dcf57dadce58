package io.permafrost.bench;

/**
 * One client side for the request-rate benchmark, shared by all load threads and used unchanged
 * against Permafrost and moto so the ratio compares servers, not clients. Each call throws unless
 * the server answered 2xx.
 */
interface LoadGenerator extends AutoCloseable {
    /** Says what this generator is, for the printed results. */
    String description();

    void createVault(String vault);

    void describeVault(String vault);

    void uploadArchive(String vault, byte[] body, String treeHash);

    @Override
    void close();
}
