package io.permafrost.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP/1.1 exchange over a plain socket, for the requests an SDK refuses to send (no or broken
 * Authorization, a missing version header, a body that does not match its hash, a malformed request
 * line). Every byte on the wire is the test's choice; the whole answer is read until the server closes.
 */
public final class RawHttp {
    private RawHttp() {
    }

    /** A response as received: status, headers by lower-case name, body. */
    public record Response(int status, Map<String, List<String>> headers, byte[] body) {
        public Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Sends a request with exactly these headers (a Host header is added only when absent) and this body. */
    public static Response send(URI endpoint, String method, String pathAndQuery, Map<String, List<String>> headers,
                                byte[] body) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(head(endpoint, method, pathAndQuery, headers, body.length));
        request.writeBytes(body);
        return sendBytes(endpoint, request.toByteArray());
    }

    /**
     * The request line and headers, ending with the blank line; {@code Content-Length} is
     * {@code contentLength} unless the headers already carry one, and the connection closes after.
     */
    public static byte[] head(URI endpoint, String method, String pathAndQuery, Map<String, List<String>> headers,
                              long contentLength) {
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n");
        boolean hasHost = headers.keySet().stream().anyMatch(n -> n.equalsIgnoreCase("Host"));
        if (!hasHost) {
            head.append("Host: ").append(endpoint.getHost()).append(':').append(endpoint.getPort()).append("\r\n");
        }
        boolean hasLength = headers.keySet().stream().anyMatch(n -> n.equalsIgnoreCase("Content-Length"));
        headers.forEach((name, values) -> values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n")));
        if (!hasLength) {
            head.append("Content-Length: ").append(contentLength).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Writes {@code request} verbatim and parses whatever comes back. */
    public static Response sendBytes(URI endpoint, byte[] request) throws IOException {
        try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            return parse(socket.getInputStream());
        }
    }

    /**
     * Opens a connection and writes {@code bytes} (typically a head and the start of a body) without
     * waiting for anything: the test decides what else to send and when to read the answer.
     */
    public static Socket open(URI endpoint, byte[] bytes) throws IOException {
        Socket socket = new Socket(endpoint.getHost(), endpoint.getPort());
        socket.setSoTimeout(30_000);
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return socket;
    }

    /**
     * Reads the answer on a connection opened with {@link #open} until the server closes it; a server
     * that keeps the connection open fails the read with a timeout.
     */
    public static Response readUntilClosed(Socket socket) throws IOException {
        return parse(socket.getInputStream());
    }

    /** Reads a whole answer from a connection the test drives itself (e.g. sending a body in pieces). */
    public static Response parse(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (end < 0) {
            throw new IOException("no complete response head in " + all.length + " bytes");
        }
        String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            headers.computeIfAbsent(name, n -> new java.util.ArrayList<>()).add(lines[i].substring(colon + 1).trim());
        }
        byte[] rest = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        List<String> length = headers.get("content-length");
        if (length != null) {
            rest = java.util.Arrays.copyOf(rest, Math.min(rest.length, Integer.parseInt(length.get(0))));
        }
        return new Response(status, headers, rest);
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
