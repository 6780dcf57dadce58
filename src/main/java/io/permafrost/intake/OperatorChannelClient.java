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
import java.util.Optional;

/** The intake of a running embedded server, over its {@link OperatorChannel}; one call at a time. */
final class OperatorChannelClient implements ArchiveIntake {
    private static final int CHUNK = 256 * 1024;

    private final Path socket;
    private SocketChannel channel;
    private InputStream in;
    private OutputStream out;

    private OperatorChannelClient(Path socket) {
        this.socket = socket;
    }

    /** The running server's channel in {@code dataDir}; empty when no server listens there (none, or a stale socket). */
    static Optional<ArchiveIntake> connect(Path dataDir) {
        Path socket = dataDir.resolve(OperatorChannel.SOCKET_NAME);
        if (!Files.exists(socket)) {
            return Optional.empty();
        }
        OperatorChannelClient client = new OperatorChannelClient(socket);
        try {
            client.connection();
            return Optional.of(client);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void connection() throws IOException {
        if (channel != null) {
            return;
        }
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            disconnect();
            throw e;
        }
        in = new BufferedInputStream(Channels.newInputStream(channel));
        out = new BufferedOutputStream(Channels.newOutputStream(channel), CHUNK);
    }

    private void disconnect() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // Dropping the connection is the point; the next call opens a new one.
        }
        channel = null;
    }

    @Override
    public synchronized void ensureVault(String accountId, String vaultName) {
        call(request("ensureVault", accountId, vaultName), null);
    }

    @Override
    public synchronized boolean contains(String accountId, String vaultName, String archiveId) {
        ObjectNode request = request("contains", accountId, vaultName);
        request.put("archiveId", archiveId);
        return call(request, null).path("value").asBoolean();
    }

    @Override
    public synchronized Optional<String> storedTreeHash(String accountId, String vaultName, String archiveId) {
        ObjectNode request = request("storedTreeHash", accountId, vaultName);
        request.put("archiveId", archiveId);
        return Optional.ofNullable(IntakeRecords.text(call(request, null), "value"));
    }

    @Override
    public synchronized void importArchive(String accountId, String vaultName, ImportedArchive archive, InputStream body) {
        if (archive.size() <= 0) {
            throw new IntakeRefused(IntakeRefused.Reason.INVALID_RECORD, "archive " + archive.archiveId() + ": size "
                    + archive.size());
        }
        ObjectNode request = request("importArchive", accountId, vaultName);
        request.set("archive", IntakeRecords.archive(archive));
        call(request, new Upload(archive, body));
    }

    @Override
    public synchronized Optional<String> applySettings(String accountId, String vaultName, VaultSettings settings) {
        ObjectNode request = request("applySettings", accountId, vaultName);
        request.set("settings", IntakeRecords.settings(settings));
        return Optional.ofNullable(IntakeRecords.text(call(request, null), "value"));
    }

    @Override
    public synchronized String defaultAccount() {
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

    private ObjectNode call(ObjectNode request, Upload upload) {
        ObjectNode reply;
        try {
            connection();
            OperatorFrames.writeLine(out, request);
            if (upload != null) {
                send(upload);
            }
            reply = OperatorFrames.readLine(in);
        } catch (IOException e) {
            disconnect();
            throw new IntakeRefused(IntakeRefused.Reason.UNAVAILABLE, "operator channel " + socket + ": " + e.getMessage());
        }
        if (reply == null) {
            disconnect();
            throw new IntakeRefused(IntakeRefused.Reason.UNAVAILABLE, "operator channel " + socket + " closed (server stopped?)");
        }
        if (!reply.path("ok").asBoolean()) {
            throw new IntakeRefused(IntakeRefused.Reason.valueOf(reply.path("reason").asText("UNAVAILABLE")),
                    reply.path("message").asText());
        }
        return reply;
    }

    /**
     * Exactly {@code size} bytes, then the trailer: commit only when the source ended there too. A source
     * that ends early cannot complete the frame: the connection is dropped, which the server takes as an
     * abort (nothing committed).
     */
    private void send(Upload upload) throws IOException {
        byte[] buffer = new byte[(int) Math.min(CHUNK, upload.archive().size())];
        long remaining = upload.archive().size();
        InputStream body = upload.body();
        while (remaining > 0) {
            int n = body.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                disconnect();
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

    @Override
    public synchronized void close() {
        disconnect();
    }
}
