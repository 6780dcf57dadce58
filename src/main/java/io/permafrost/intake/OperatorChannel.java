package io.permafrost.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jdk.net.ExtendedSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The running embedded server's intake for operator commands: a Unix domain socket {@code DATA/operator.sock}
 * that only the data directory's owner (file mode 0600; and root) can connect to. It is never on a TCP port,
 * so nothing that reaches the API port reaches it, and it offers only the intake's operations, which only
 * ever add. The peer's OS user (SO_PEERCRED, not anything the peer says) is who the audit trail names.
 */
public final class OperatorChannel implements AutoCloseable {
    public static final String SOCKET_NAME = "operator.sock";
    private static final Logger LOG = LoggerFactory.getLogger(OperatorChannel.class);

    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_DIR =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private final Path socket;
    private final ServerSocketChannel server;
    private final IntakeServices services;
    private final ExecutorService connections;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private OperatorChannel(Path socket, ServerSocketChannel server, IntakeServices services) {
        this.socket = socket;
        this.server = server;
        this.services = services;
        this.connections = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "operator-channel");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Binds {@code DATA/operator.sock}, replacing a stale one (the caller holds the data directory's lock,
     * so no other server is using it). The socket is bound inside a fresh directory only the owner may
     * enter, given mode 0600 there and only then moved into place, so it is never connectable by others.
     * When the data directory's path is too long for a Unix socket, the socket stays in that private
     * directory (made short, under the temp dir) and a symlink to it is moved into place instead.
     */
    public static OperatorChannel open(Path dataDir, IntakeServices services) throws IOException {
        Path socket = dataDir.resolve(SOCKET_NAME);
        OperatorSocketPlace.removePrivateTarget(socket);
        boolean direct = OperatorSocketPlace.fits(socket);
        Path staging = direct ? Files.createTempDirectory(dataDir, ".operator-", OWNER_ONLY_DIR)
                : OperatorSocketPlace.privateDirectory();
        Path bound = staging.resolve(SOCKET_NAME);
        Path link = dataDir.resolve(".operator-link-" + staging.getFileName());
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(bound));
            Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-------"));
            if (direct) {
                Files.move(bound, socket, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.createSymbolicLink(link, bound.toAbsolutePath());
                Files.move(link, socket, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException | RuntimeException e) {
            server.close();
            Files.deleteIfExists(link);
            Files.deleteIfExists(bound);
            Files.deleteIfExists(staging);
            throw e;
        } finally {
            if (direct) {
                Files.deleteIfExists(bound);
                Files.deleteIfExists(staging);
            }
        }
        OperatorChannel channel = new OperatorChannel(socket, server, services);
        Thread accept = new Thread(channel::acceptLoop, "operator-channel-accept");
        accept.setDaemon(true);
        accept.start();
        LOG.info("operator channel on {} (owner only)", socket);
        return channel;
    }

    public Path socket() {
        return socket;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel peer = server.accept();
                open.add(peer);
                connections.execute(() -> serve(peer));
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("operator channel: accept failed: {}", e.getMessage());
                }
                return;
            }
        }
    }

    private void serve(SocketChannel peer) {
        try (peer) {
            String operator = peerUser(peer);
            LocalArchiveIntake intake = new LocalArchiveIntake(services, operator);
            InputStream in = new BufferedInputStream(Channels.newInputStream(peer), 64 * 1024);
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(peer));
            ObjectNode request;
            while ((request = OperatorFrames.readLine(in)) != null) {
                OperatorFrames.writeLine(out, answer(intake, request, in));
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.warn("operator channel: connection ended: {}", e.getMessage());
            }
        } finally {
            open.remove(peer);
        }
    }

    /** The connecting process's OS user as the kernel says (Linux SO_PEERCRED); "unknown" where it cannot. */
    private static String peerUser(SocketChannel peer) {
        try {
            return peer.getOption(ExtendedSocketOptions.SO_PEERCRED).user().getName();
        } catch (IOException | UnsupportedOperationException e) {
            return "unknown";
        }
    }

    private static ObjectNode answer(LocalArchiveIntake intake, ObjectNode request, InputStream in) throws IOException {
        String account = IntakeRecords.text(request, "account");
        String vault = IntakeRecords.text(request, "vault");
        ObjectNode reply = OperatorFrames.JSON.createObjectNode();
        String op = IntakeRecords.text(request, "op");
        OperatorFrames.Body body = null;
        try {
            switch (op == null ? "" : op) {
                case "ensureVault" -> intake.ensureVault(account, vault);
                case "contains" -> reply.put("value", intake.contains(account, vault, IntakeRecords.text(request, "archiveId")));
                case "storedTreeHash" -> reply.put("value", intake.storedTreeHash(account, vault,
                        IntakeRecords.text(request, "archiveId")).orElse(null));
                case "importArchive" -> {
                    ImportedArchive archive = IntakeRecords.archive(request.path("archive"));
                    body = new OperatorFrames.Body(in, Math.max(0, archive.size()));
                    intake.importArchive(account, vault, archive, body);
                }
                case "applySettings" -> reply.put("value", intake.applySettings(account, vault,
                        IntakeRecords.settings(request.path("settings"))).orElse(null));
                case "defaultAccount" -> reply.put("value", intake.defaultAccount());
                default -> throw new IntakeRefused(IntakeRefused.Reason.INVALID_RECORD, "unknown operation " + op);
            }
            reply.put("ok", true);
        } catch (IntakeRefused e) {
            reply.put("ok", false);
            reply.put("reason", e.reason().name());
            reply.put("message", e.getMessage());
        }
        if (body != null) {
            body.drain();
        }
        return reply;
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("operator channel: close failed: {}", e.getMessage());
        }
        for (SocketChannel peer : open) {
            try {
                peer.close();
            } catch (IOException ignored) {
                // Closing anyway: the peer's next read fails, and its import committed nothing unfinished.
            }
        }
        connections.shutdownNow();
        try {
            OperatorSocketPlace.removePrivateTarget(socket);
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("operator channel: could not remove {}: {}", socket, e.getMessage());
        }
    }
}
