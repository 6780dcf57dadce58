package io.permafrost.migrate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny HTTP/1.1 forwarder between the migrator and a source server, one request per connection (it answers
 * {@code Connection: close}), that misbehaves on purpose: it can flip one body byte of the first archive
 * GetJobOutput response (once), and answer the first requests matching a rule with a canned error
 * (400 ThrottlingException, 503) instead of forwarding them, and report one archive's jobs as Failed in every
 * DescribeJob. It tells a listener of each archive-retrieval job the source accepted. The Host header passes
 * unchanged, so signatures hold.
 */
final class FaultyForwarder implements AutoCloseable {
    /** The archive an InitiateJob body names (only archive-retrieval jobs name one). */
    private static final Pattern ARCHIVE_RETRIEVAL = Pattern.compile("\"ArchiveId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern SUCCEEDED = Pattern.compile("\"StatusCode\"\\s*:\\s*\"Succeeded\"");
    private static final Pattern STATUS_MESSAGE = Pattern.compile("\"StatusMessage\"\\s*:\\s*(\"[^\"]*\"|null)");

    private final ServerSocket listener;
    private final int targetPort;
    private final AtomicBoolean corruptNextOutput = new AtomicBoolean();
    private final AtomicInteger errorsLeft = new AtomicInteger();
    private volatile Predicate<String> errorFor = line -> false;
    private volatile String errorResponse;
    private volatile Consumer<String> retrievalStarted = archiveId -> { };
    private volatile String failedArchive;
    private volatile String failedMessage;
    final AtomicInteger corrupted = new AtomicInteger();
    final AtomicInteger jobsReportedFailed = new AtomicInteger();
    final AtomicInteger errorsSent = new AtomicInteger();
    final AtomicInteger outputRequests = new AtomicInteger();

    FaultyForwarder(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "faulty-forwarder");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The next archive GetJobOutput response (a binary body) reaches the client with one byte flipped. */
    void corruptOneJobOutput() {
        corruptNextOutput.set(true);
    }

    /** The next {@code count} requests whose request line matches get {@code status} with Glacier error {@code code}. */
    void failNext(int count, Predicate<String> requestLine, int status, String code) {
        String body = "{\"code\":\"" + code + "\",\"message\":\"injected by the test\",\"type\":\""
                + (status >= 500 ? "Server" : "Client") + "\"}";
        errorResponse = "HTTP/1.1 " + status + (status >= 500 ? " Service Unavailable" : " Bad Request") + "\r\n"
                + "Content-Type: application/json\r\nx-amzn-RequestId: injected\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body;
        errorFor = requestLine;
        errorsLeft.set(count);
    }

    /** {@code listener} gets the archive id of each archive-retrieval InitiateJob the source answered, before the migrator does. */
    void onRetrievalStarted(Consumer<String> listener) {
        retrievalStarted = listener;
    }

    /** Every DescribeJob of a job of {@code archiveId} answers StatusCode Failed with {@code message}. */
    void failJobsOf(String archiveId, String message) {
        failedMessage = message;
        failedArchive = archiveId;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Thread t = new Thread(() -> serve(client), "faulty-forwarder-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            byte[] head = readHead(in);
            if (head == null) {
                return;
            }
            String headText = new String(head, StandardCharsets.ISO_8859_1);
            String requestLine = headText.substring(0, headText.indexOf("\r\n"));
            byte[] body = in.readNBytes((int) contentLength(headText));
            if (errorFor.test(requestLine) && errorsLeft.getAndDecrement() > 0) {
                errorsSent.incrementAndGet();
                out.write(errorResponse.getBytes(StandardCharsets.UTF_8));
                return;
            }
            boolean jobOutput = requestLine.startsWith("GET ") && requestLine.contains("/output");
            if (jobOutput) {
                outputRequests.incrementAndGet();
            }
            try (Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
                OutputStream toServer = server.getOutputStream();
                toServer.write(withConnectionClose(headText).getBytes(StandardCharsets.ISO_8859_1));
                toServer.write(body);
                toServer.flush();
                byte[] response = server.getInputStream().readAllBytes();
                if (jobOutput) {
                    corruptIfAsked(response);
                } else if (requestLine.startsWith("GET ") && requestLine.contains("/jobs/")) {
                    response = failedIfAsked(response);
                }
                out.write(response);
                Matcher retrieval = ARCHIVE_RETRIEVAL.matcher(new String(body, StandardCharsets.UTF_8));
                if (requestLine.startsWith("POST ") && retrieval.find() && isSuccess(response)) {
                    retrievalStarted.accept(retrieval.group(1));
                }
            }
        } catch (IOException e) {
            // The client gave up or the server went away: the client sees a cut connection, as it would for real.
        }
    }

    private void corruptIfAsked(byte[] response) {
        String text = new String(response, StandardCharsets.ISO_8859_1);
        int bodyStart = text.indexOf("\r\n\r\n") + 4;
        String headers = text.substring(0, bodyStart).toLowerCase(Locale.ROOT);
        if (!headers.contains("application/octet-stream") || bodyStart >= response.length) {
            return;
        }
        if (headers.contains("transfer-encoding: chunked")) {
            bodyStart = text.indexOf("\r\n", bodyStart) + 2;
        }
        if (bodyStart < response.length && corruptNextOutput.compareAndSet(true, false)) {
            response[bodyStart] ^= 0x01;
            corrupted.incrementAndGet();
        }
    }

    /** A DescribeJob answer naming the archive whose jobs fail, rewritten to Failed with a new Content-Length. */
    private byte[] failedIfAsked(byte[] response) {
        String archive = failedArchive;
        String text = new String(response, StandardCharsets.UTF_8);
        int bodyStart = text.indexOf("\r\n\r\n") + 4;
        String head = text.substring(0, bodyStart);
        String body = text.substring(bodyStart);
        if (archive == null || !body.contains("\"" + archive + "\"") || head.toLowerCase(Locale.ROOT)
                .contains("transfer-encoding: chunked") || !SUCCEEDED.matcher(body).find()) {
            return response;
        }
        String failed = STATUS_MESSAGE.matcher(SUCCEEDED.matcher(body).replaceFirst("\"StatusCode\":\"Failed\""))
                .replaceFirst(Matcher.quoteReplacement("\"StatusMessage\":\"" + failedMessage + "\""));
        byte[] failedBytes = failed.getBytes(StandardCharsets.UTF_8);
        jobsReportedFailed.incrementAndGet();
        String newHead = head.replaceFirst("(?i)content-length:\\s*\\d+", "Content-Length: " + failedBytes.length);
        byte[] headBytes = newHead.getBytes(StandardCharsets.UTF_8);
        byte[] rewritten = java.util.Arrays.copyOf(headBytes, headBytes.length + failedBytes.length);
        System.arraycopy(failedBytes, 0, rewritten, headBytes.length, failedBytes.length);
        return rewritten;
    }

    private static boolean isSuccess(byte[] response) {
        return new String(response, 0, Math.min(response.length, 16), StandardCharsets.ISO_8859_1).matches("HTTP/1\\.1 2.*");
    }

    private static String withConnectionClose(String head) {
        StringBuilder out = new StringBuilder();
        for (String line : head.split("\r\n")) {
            if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                out.append(line).append("\r\n");
            }
        }
        return out.append("Connection: close\r\n\r\n").toString();
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Long.parseLong(line.substring(15).trim());
            }
        }
        return 0;
    }

    /** The request line and headers up to the blank line, or null when the client closed first. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b; (b = in.read()) >= 0; ) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toByteArray();
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
