package io.permafrost.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The intake of a running embedded server, over its {@link OperatorChannel}. A call borrows a connection of its
 * own (an idle one, or a new one), so the migrator's workers import side by side, each over its own connection
 * (the server serves each connection on its own thread); the pool holds as many as were ever in use at once.
 */
public final class OperatorChannelClient implements ArchiveIntake {
    private static final int CHUNK = 256 * 1024;

    private final Path socket;
    private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    private OperatorChannelClient(Path socket) {
        this.socket = socket;
    }

    /** The running server's channel in {@code dataDir}; empty when no server listens there (none, or a stale socket). */
    public static Optional<ArchiveIntake> connect(Path dataDir) {
        Path socket = dataDir.resolve(OperatorChannel.SOCKET_NAME);
        if (!Files.exists(socket)) {
            return Optional.empty();
        }
        OperatorChannelClient client = new OperatorChannelClient(socket);
        try {
            client.idle.push(Connection.open(socket));
            return Optional.of(client);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void ensureVault(String accountId, String vaultName) {
        call(request("ensureVault", accountId, vaultName), null);
    }

    @Override
    public boolean contains(String accountId, String vaultName, String archiveId) {
        ObjectNode request = request("contains", accountId, vaultName);
        request.put("archiveId", archiveId);
        return call(request, null).path("value").asBoolean();
    }

    @Override
    public Optional<String> storedTreeHash(String accountId, String vaultName, String archiveId) {
        ObjectNode request = request("storedTreeHash", accountId, vaultName);
        request.put("archiveId", archiveId);
        return Optional.ofNullable(IntakeRecords.text(call(request, null), "value"));
    }

    @Override
    public void importArchive(String accountId, String vaultName, ImportedArchive archive, InputStream body) {
        if (archive.size() <= 0) {
            throw new IntakeRefused(IntakeRefused.Reason.INVALID_RECORD, "archive " + archive.archiveId() + ": size "
                    + archive.size());
        }
        ObjectNode request = request("importArchive", accountId, vaultName);
        request.set("archive", IntakeRecords.archive(archive));
        call(request, new Upload(archive, body));
    }

    @Override
    public Optional<String> applySettings(String accountId, String vaultName, VaultSettings settings) {
        ObjectNode request = request("applySettings", accountId, vaultName);
        request.set("settings", IntakeRecords.settings(settings));
        return Optional.ofNullable(IntakeRecords.text(call(request, null), "value"));
    }

    @Override
    public String defaultAccount() {
        return IntakeRecords.text(call(request("defaultAccount", null, null), null), "value");
    }

    private static ObjectNode request(String op, String accountId, String vaultName) {
        ObjectNode request = OperatorFrames.JSON.createObjectNode();
        request.put("op", op);
        request.put("account", accountId);
        request.put("vault", vaultName);
        return request;
    }

    /** An archive's bytes to send after its request line. */
    private record Upload(ImportedArchive archive, InputStream body) {
    }

    /**
     * One exchange on a connection of this call's own. A connection goes back to the pool only after a whole
     * exchange (the server's answer read), so a pooled one is always at a frame boundary; any failure closes it.
     */
    private ObjectNode call(ObjectNode request, Upload upload) {
        Connection connection = null;
        ObjectNode reply;
        try {
            connection = borrow();
            reply = connection.exchange(request, upload);
        } catch (IOException e) {
            closeQuietly(connection);
            throw new IntakeRefused(IntakeRefused.Reason.UNAVAILABLE, "operator channel " + socket + ": " + e.getMessage());
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
        if (reply == null) {
            closeQuietly(connection);
            throw new IntakeRefused(IntakeRefused.Reason.UNAVAILABLE, "operator channel " + socket + " closed (server stopped?)");
        }
        giveBack(connection);
        if (!reply.path("ok").asBoolean()) {
            throw new IntakeRefused(IntakeRefused.Reason.valueOf(reply.path("reason").asText("UNAVAILABLE")),
                    reply.path("message").asText());
        }
        return reply;
    }

    private Connection borrow() throws IOException {
        if (closed) {
            throw new IOException("this intake is closed");
        }
        Connection pooled = idle.pollFirst();
        return pooled != null ? pooled : Connection.open(socket);
    }

    private void giveBack(Connection connection) {
        idle.offerFirst(connection);
        if (closed && idle.remove(connection)) {
            // Closed meanwhile: close() may have drained the pool before this one came back.
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            connection.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Connection connection; (connection = idle.pollFirst()) != null; ) {
            connection.close();
        }
    }

    /** One connection to the channel: a request line, an archive's bytes when it is an import, the answer line. */
    private static final class Connection {
        private final SocketChannel channel;
        private final InputStream in;
        private final OutputStream out;

        private Connection(SocketChannel channel) {
            this.channel = channel;
            this.in = new BufferedInputStream(Channels.newInputStream(channel));
            this.out = new BufferedOutputStream(Channels.newOutputStream(channel), CHUNK);
        }

        static Connection open(Path socket) throws IOException {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(OperatorSocketPlace.connectable(socket)));
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            return new Connection(channel);
        }

        /** The server's answer; null when the server closed the connection instead of answering. */
        ObjectNode exchange(ObjectNode request, Upload upload) throws IOException {
            OperatorFrames.writeLine(out, request);
            if (upload != null) {
                send(upload);
            }
            return OperatorFrames.readLine(in);
        }

        /**
         * Exactly {@code size} bytes, then the trailer: commit only when the source ended there too. A source
         * that ends early cannot complete the frame: the caller drops the connection, which the server takes as
         * an abort (nothing committed).
         */
        private void send(Upload upload) throws IOException {
            byte[] buffer = new byte[(int) Math.min(CHUNK, upload.archive().size())];
            long remaining = upload.archive().size();
            InputStream body = upload.body();
            while (remaining > 0) {
                int n = body.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    throw new IntakeRefused(IntakeRefused.Reason.SIZE_MISMATCH, "archive " + upload.archive().archiveId()
                            + ": the source ended " + remaining + " bytes before its record's size "
                            + upload.archive().size());
                }
                out.write(buffer, 0, n);
                remaining -= n;
            }
            out.write(body.read() < 0 ? OperatorFrames.COMMIT : OperatorFrames.ABORT);
            out.flush();
        }

        void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Dropping the connection is the point; the next call opens a new one.
            }
        }
    }
}
