package io.permafrost.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client's ceiling: a server that answers the calls of the upload benchmark in Glacier's shape
 * but reads each body into a 1 MiB buffer and throws it away, with no signature check, no hashing and
 * no disk. Driving it with the same SDK client shows how fast the client alone can send on this
 * machine; no real server can upload faster through that client. It echoes the tree hash the client
 * sent, so the benchmark's checks pass without meaning anything here. Not a Glacier emulator.
 *
 * <p>{@code java -cp permafrost-bench.jar io.permafrost.bench.DiscardServer PORT}
 */
public final class DiscardServer {
    private static final AtomicLong IDS = new AtomicLong();
    /** Where bodies are read and dropped: one per connection thread, as before the loop was shared. */
    private static final ThreadLocal<byte[]> SINK = ThreadLocal.withInitial(() -> new byte[1 << 20]);

    public static void main(String[] args) throws IOException {
        LoopbackHttp.serve(Integer.parseInt(args[0]), "discard", DiscardServer::discard);
    }

    private static void discard(LoopbackHttp.Request request, InputStream in, SocketChannel channel)
            throws IOException {
        if ("100-continue".equalsIgnoreCase(request.header("expect"))) {
            LoopbackHttp.send(channel, "HTTP/1.1 100 Continue\r\n\r\n");
        }
        byte[] sink = SINK.get();
        for (long left = request.contentLength(); left > 0; ) {
            int n = in.read(sink, 0, (int) Math.min(sink.length, left));
            if (n < 0) {
                throw new EOFException("the client closed the connection inside a body");
            }
            left -= n;
        }
        LoopbackHttp.send(channel, answer(request.method(), request.path(), request.headers()));
    }

    private static String answer(String method, String path, Map<String, String> headers) {
        String treeHash = headers.getOrDefault("x-amz-sha256-tree-hash", "");
        String id = Long.toString(IDS.incrementAndGet());
        String common = "x-amzn-RequestId: discard-" + id + "\r\nContent-Length: 0\r\n";
        if (path.endsWith("/archives") && method.equals("POST")) {
            return "HTTP/1.1 201 Created\r\n" + common + "Location: " + path + "/" + id + "\r\nx-amz-archive-id: " + id
                    + "\r\nx-amz-sha256-tree-hash: " + treeHash + "\r\n\r\n";
        }
        if (path.endsWith("/multipart-uploads") && method.equals("POST")) {
            return "HTTP/1.1 201 Created\r\n" + common + "Location: " + path + "/" + id
                    + "\r\nx-amz-multipart-upload-id: " + id + "\r\n\r\n";
        }
        if (path.contains("/multipart-uploads/") && method.equals("PUT")) {
            return "HTTP/1.1 204 No Content\r\n" + common + "x-amz-sha256-tree-hash: " + treeHash + "\r\n\r\n";
        }
        if (path.contains("/multipart-uploads/") && method.equals("POST")) {
            return "HTTP/1.1 201 Created\r\n" + common + "Location: " + path + "/archives/" + id
                    + "\r\nx-amz-archive-id: " + id + "\r\nx-amz-sha256-tree-hash: " + treeHash + "\r\n\r\n";
        }
        if (method.equals("GET") && path.matches("/[^/]+/vaults/[^/]+")) {
            String name = path.substring(path.lastIndexOf('/') + 1);
            String body = "{\"CreationDate\":\"2026-01-01T00:00:00.000Z\",\"LastInventoryDate\":null,"
                    + "\"NumberOfArchives\":0,\"SizeInBytes\":0,\"VaultARN\":\"arn:aws:glacier:us-east-1:123456789012:vaults/"
                    + name + "\",\"VaultName\":\"" + name + "\"}";
            return "HTTP/1.1 200 OK\r\nx-amzn-RequestId: discard-" + id + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body;
        }
        if (method.equals("PUT") || method.equals("DELETE")) {
            // CreateVault, AbortMultipartUpload, DeleteArchive.
            return "HTTP/1.1 " + (method.equals("PUT") ? "201 Created" : "204 No Content") + "\r\n" + common
                    + "Location: " + path + "\r\n\r\n";
        }
        return "HTTP/1.1 404 Not Found\r\nx-amzn-RequestId: discard-" + id + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\n\r\n{}";
    }
}
