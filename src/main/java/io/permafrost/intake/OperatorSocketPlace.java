package io.permafrost.intake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where the operator socket is really bound. A Unix socket's path must fit the kernel's {@code sun_path}
 * (108 bytes on Linux, 104 on macOS, NUL included), so a deep data directory cannot hold it directly. Then the
 * socket lives in a fresh 0700 directory under the temp dir, and {@code DATA/operator.sock} is a symlink to it:
 * only the data directory's owner can create that link, and only the server's user can enter the directory,
 * so who can reach the socket is unchanged. The client connects to the link's target, which is short.
 */
final class OperatorSocketPlace {
    /** Below both kernels' limit, with room for the NUL. */
    static final int MAX_PATH_BYTES = 100;
    static final String PRIVATE_DIR_PREFIX = "permafrost-operator-";

    private OperatorSocketPlace() {
    }

    static boolean fits(Path path) {
        return path.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length <= MAX_PATH_BYTES;
    }

    /** A new owner-only directory with a short path for a socket that cannot be bound in the data directory. */
    static Path privateDirectory() throws IOException {
        Path dir = Files.createTempDirectory(PRIVATE_DIR_PREFIX,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        if (!fits(dir.resolve(OperatorChannel.SOCKET_NAME))) {
            Files.delete(dir);
            throw new IOException("neither the data directory nor the temp dir " + dir.getParent()
                    + " is short enough for a Unix socket path (" + MAX_PATH_BYTES + " bytes); set -Djava.io.tmpdir");
        }
        return dir;
    }

    /** The address a client connects to: the socket itself, or where the data directory's link points. */
    static Path connectable(Path socket) throws IOException {
        return Files.isSymbolicLink(socket) ? socket.toRealPath() : socket;
    }

    /**
     * Removes the private directory a link at {@code socket} leads to (a server killed before it could clean up
     * leaves one behind). Only one of ours: a link to anything else is left where it points.
     */
    static void removePrivateTarget(Path socket) throws IOException {
        if (!Files.isSymbolicLink(socket)) {
            return;
        }
        Path target = Files.readSymbolicLink(socket);
        Path dir = target.getParent();
        if (dir != null && target.isAbsolute() && dir.getFileName().toString().startsWith(PRIVATE_DIR_PREFIX)) {
            Files.deleteIfExists(target);
            Files.deleteIfExists(dir);
        }
    }
}
