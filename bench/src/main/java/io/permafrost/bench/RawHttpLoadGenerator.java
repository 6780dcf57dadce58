package io.permafrost.bench;

import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The cheapest client side that still signs every request: each load thread owns one keep-alive
 * connection ({@link RawHttpConnection}, blocking, no selector, no futures) and writes the signed head
 * and the body itself. {@code java.net.http} multiplexes every thread over one selector thread, and its
 * CPU per request grew about fourfold from 16 to 256 clients here, so at high concurrency it measured
 * itself, not the server; this generator's cost per request does not depend on the number of threads.
 * A connection the server closes (moto's HTTP/1.0 answers, or {@code Connection: close}) is reopened
 * for the next request.
 */
final class RawHttpLoadGenerator extends HandBuiltLoadGenerator {
    private static final Set<String> WRITTEN_HERE = Set.of("host", "content-length", "connection");

    private final GlacierRequestSigner signer;
    private final String host;
    private final int port;
    private final ThreadLocal<RawHttpConnection> connection = new ThreadLocal<>();
    private final ConcurrentLinkedQueue<RawHttpConnection> opened = new ConcurrentLinkedQueue<>();

    RawHttpLoadGenerator(String endpoint, Credentials credentials) {
        this.signer = new GlacierRequestSigner(endpoint, credentials);
        this.host = signer.endpoint().getHost();
        this.port = signer.endpoint().getPort();
    }

    @Override
    public String description() {
        return "raw JVM generator: AwsV4HttpSigner (SDK 2.41.30) signing each request, one blocking keep-alive "
                + "HTTP/1.1 socket per load thread, head and body written by hand";
    }

    @Override
    void send(SdkHttpMethod method, String path, Map<String, String> extraHeaders, byte[] body) {
        SdkHttpRequest signed = signer.sign(method, path, extraHeaders, body);
        StringBuilder head = new StringBuilder(512).append(method.name()).append(' ').append(path)
                .append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port)
                .append("\r\nContent-Length: ").append(body.length).append("\r\n");
        for (Map.Entry<String, List<String>> header : signed.headers().entrySet()) {
            if (!WRITTEN_HERE.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                for (String value : header.getValue()) {
                    head.append(header.getKey()).append(": ").append(value).append("\r\n");
                }
            }
        }
        head.append("\r\n");
        RawHttpConnection.Response response;
        try {
            RawHttpConnection open = connection();
            try {
                response = open.exchange(head.toString().getBytes(StandardCharsets.ISO_8859_1), body);
            } catch (IOException stale) {
                // A kept-alive connection the server dropped while idle: one fresh try, as HTTP clients do.
                drop(open);
                response = connection().exchange(head.toString().getBytes(StandardCharsets.ISO_8859_1), body);
            }
            if ("close".equalsIgnoreCase(response.header("connection"))) {
                drop(connection.get());
            }
        } catch (IOException e) {
            drop(connection.get());
            throw new UncheckedIOException(method + " " + path + " failed: " + e, e);
        }
        if (response.status() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " -> " + response.status() + " " + response.body());
        }
    }

    private RawHttpConnection connection() throws IOException {
        RawHttpConnection open = connection.get();
        if (open == null) {
            open = new RawHttpConnection(host, port);
            opened.add(open);
            connection.set(open);
        }
        return open;
    }

    private void drop(RawHttpConnection open) {
        if (open == null) {
            return;
        }
        connection.remove();
        opened.remove(open);
        try {
            open.close();
        } catch (IOException ignored) {
            // Already broken: nothing to release.
        }
    }

    @Override
    public void close() {
        for (RawHttpConnection open : opened) {
            try {
                open.close();
            } catch (IOException ignored) {
                // Closing at the end of the run: a broken connection has nothing left to release.
            }
        }
    }
}
