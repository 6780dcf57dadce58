package io.permafrost.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The request loop the reference servers share: HTTP/1.1 with keep-alive on 127.0.0.1, a thread per
 * connection, the request line and headers parsed, the body and the answer left to the handler. Just
 * enough HTTP for the SDK's calls in a benchmark; not a general server.
 */
final class LoopbackHttp {
    /** One request's head; header names are lower case. */
    record Request(String method, String path, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name);
        }

        long contentLength() {
            return Long.parseLong(headers.getOrDefault("content-length", "0"));
        }
    }

    /**
     * Reads the request's body (if it wants it) from {@code in} and writes the whole answer to
     * {@code channel}, on the connection's thread.
     */
    @FunctionalInterface
    interface Handler {
        void answer(Request request, InputStream in, SocketChannel channel) throws IOException;
    }

    private LoopbackHttp() {
    }

    /** Serves {@code port} until the process ends. */
    static void serve(int port, String name, Handler handler) throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
            while (true) {
                SocketChannel channel = server.accept();
                Thread thread = new Thread(() -> connection(channel, handler), name + "-" + thread(channel));
                thread.setDaemon(true);
                thread.start();
            }
        }
    }

    private static String thread(SocketChannel channel) {
        try {
            return String.valueOf(((InetSocketAddress) channel.getRemoteAddress()).getPort());
        } catch (IOException e) {
            return "?";
        }
    }

    private static void connection(SocketChannel channel, Handler handler) {
        try (channel; InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024)) {
            while (true) {
                String requestLine = line(in);
                if (requestLine == null || requestLine.isEmpty()) {
                    return;
                }
                Map<String, String> headers = new HashMap<>();
                for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                    int colon = header.indexOf(':');
                    headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            header.substring(colon + 1).trim());
                }
                String[] parts = requestLine.split(" ");
                handler.answer(new Request(parts[0], parts[1], headers), in, channel);
            }
        } catch (IOException | RuntimeException e) {
            // The client went away; nothing to report for a benchmark reference.
        }
    }

    /** Writes an answer's head (or a small answer) whole. */
    static void send(SocketChannel channel, String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
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
