package io.permafrost.bench;

import software.amazon.awssdk.http.SdkHttpMethod;

import java.util.Map;

/** The three calls of the request-rate benchmark as signed requests; subclasses say how they travel. */
abstract class HandBuiltLoadGenerator implements LoadGenerator {
    private static final byte[] EMPTY = new byte[0];

    @Override
    public void createVault(String vault) {
        send(SdkHttpMethod.PUT, "/-/vaults/" + vault, Map.of(), EMPTY);
    }

    @Override
    public void describeVault(String vault) {
        send(SdkHttpMethod.GET, "/-/vaults/" + vault, Map.of(), EMPTY);
    }

    @Override
    public void uploadArchive(String vault, byte[] body, String treeHash) {
        send(SdkHttpMethod.POST, "/-/vaults/" + vault + "/archives", Map.of("x-amz-sha256-tree-hash", treeHash), body);
    }

    /** Signs and sends one request; throws unless the server answered 2xx. */
    abstract void send(SdkHttpMethod method, String path, Map<String, String> extraHeaders, byte[] body);
}
