package io.permafrost.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One keep-alive HTTP/1.1 connection written by hand, so that sending costs the client next to
 * nothing: the head is bytes prepared before the clock starts, the body goes from the page cache to
 * the socket with {@link FileChannel#transferTo} (sendfile), and the client never touches it. A
 * benchmark client only: responses are read with {@code Content-Length} or chunked framing, nothing else.
 */
final class RawHttpConnection implements AutoCloseable {
    private final SocketChannel socket;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);

    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    RawHttpConnection(String host, int port) throws IOException {
        socket = SocketChannel.open(new InetSocketAddress(host, port));
        socket.socket().setTcpNoDelay(true);
        in.flip();
    }

    /** Sends {@code head} then {@code length} bytes of {@code body} from {@code position}, and reads the response. */
    Response exchange(byte[] head, FileChannel body, long position, long length) throws IOException {
        ByteBuffer headBuffer = ByteBuffer.wrap(head);
        while (headBuffer.hasRemaining()) {
            socket.write(headBuffer);
        }
        long sent = 0;
        while (sent < length) {
            long n = body.transferTo(position + sent, length - sent, socket);
            if (n <= 0 && !socket.isConnected()) {
                throw new IOException("connection closed after " + sent + " of " + length + " body bytes");
            }
            sent += n;
        }
        return readResponse();
    }

    /** Sends {@code head} then {@code body} from memory, and reads the response. */
    Response exchange(byte[] head, byte[] body) throws IOException {
        ByteBuffer[] out = {ByteBuffer.wrap(head), ByteBuffer.wrap(body)};
        while (out[1].hasRemaining() || out[0].hasRemaining()) {
            socket.write(out);
        }
        return readResponse();
    }

    private Response readResponse() throws IOException {
        String statusLine = readLine();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        Map<String, String> headers = new TreeMap<>();
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        StringBuilder body = new StringBuilder();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(readLine().trim(), 16); size > 0;
                 size = Integer.parseInt(readLine().trim(), 16)) {
                body.append(readBytes(size));
                readLine();
            }
            readLine();
        } else {
            body.append(readBytes(Integer.parseInt(headers.getOrDefault("content-length", "0"))));
        }
        return new Response(Integer.parseInt(parts[1]), headers, body.toString());
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            byte b = nextByte();
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) b);
        }
    }

    private String readBytes(int count) throws IOException {
        byte[] bytes = new byte[count];
        for (int i = 0; i < count; i++) {
            bytes[i] = nextByte();
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private byte nextByte() throws IOException {
        while (!in.hasRemaining()) {
            in.clear();
            int n = socket.read(in);
            in.flip();
            if (n < 0) {
                throw new IOException("the server closed the connection mid-response");
            }
        }
        return in.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
