package io.permafrost.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
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

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        try (ServerSocket server = new ServerSocket(port, 64, InetAddress.getLoopbackAddress())) {
            while (true) {
                Socket socket = server.accept();
                Thread thread = new Thread(() -> serve(socket), "discard-" + socket.getPort());
                thread.setDaemon(true);
                thread.start();
            }
        }
    }

    private static void serve(Socket socket) {
        byte[] sink = new byte[1 << 20];
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
             OutputStream out = socket.getOutputStream()) {
            while (true) {
                String requestLine = line(in);
                if (requestLine == null || requestLine.isEmpty()) {
                    return;
                }
                Map<String, String> headers = new HashMap<>();
                for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                    int colon = header.indexOf(':');
                    headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
                }
                if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                for (long left = Long.parseLong(headers.getOrDefault("content-length", "0")); left > 0; ) {
                    int n = in.read(sink, 0, (int) Math.min(sink.length, left));
                    if (n < 0) {
                        return;
                    }
                    left -= n;
                }
                out.write(answer(requestLine, headers).getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            // The client went away; nothing to report for a benchmark sink.
        }
    }

    private static String answer(String requestLine, Map<String, String> headers) {
        String[] parts = requestLine.split(" ");
        String method = parts[0];
        String path = parts[1];
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

    private static String line(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int c = in.read(); c >= 0; c = in.read()) {
            if (c == '\n') {
                int end = text.length();
                return end > 0 && text.charAt(end - 1) == '\r' ? text.substring(0, end - 1) : text.toString();
            }
            text.append((char) c);
        }
        return text.length() == 0 ? null : text.toString();
    }
}
