package io.permafrost.intake;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The operator channel on a data directory too deep for a Unix socket path (Linux: 108 bytes). */
class OperatorChannelLongPathTest {
    @TempDir
    Path tmp;

    private static IntakeServices servicesWithAccount(String account) {
        return new IntakeServices(null, null, null, null, null, null, null, null, account, null, "us-east-1");
    }

    private Path deepDataDir() throws Exception {
        Path dir = tmp;
        while (dir.toAbsolutePath().toString().length() <= 160) {
            dir = dir.resolve("a-rather-long-directory-name");
        }
        return Files.createDirectories(dir);
    }

    @Test
    void aClientReachesTheChannelOnADataDirectoryDeeperThanTheSocketLimit() throws Exception {
        Path dataDir = deepDataDir();
        try (OperatorChannel channel = OperatorChannel.open(dataDir, servicesWithAccount("123456789012"))) {
            Optional<ArchiveIntake> client = OperatorChannelClient.connect(dataDir);
            assertThat(client).isPresent();
            try (ArchiveIntake intake = client.get()) {
                assertThat(intake.defaultAccount()).isEqualTo("123456789012");
            }
            Path bound = channel.socket().toRealPath();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bound))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bound.getParent())))
                    .isEqualTo("rwx------");
        }
    }

    @Test
    void closingRemovesTheLinkAndItsPrivateDirectory() throws Exception {
        Path dataDir = deepDataDir();
        Path privateDir;
        try (OperatorChannel channel = OperatorChannel.open(dataDir, servicesWithAccount("1"))) {
            privateDir = channel.socket().toRealPath().getParent();
        }
        assertThat(Files.exists(dataDir.resolve(OperatorChannel.SOCKET_NAME), java.nio.file.LinkOption.NOFOLLOW_LINKS))
                .isFalse();
        assertThat(privateDir).doesNotExist();
        assertThat(OperatorChannelClient.connect(dataDir)).isEmpty();
    }

    @Test
    void aStaleLinkFromAKilledServerIsReplacedAndItsDirectoryRemoved() throws Exception {
        Path dataDir = deepDataDir();
        Path stale = OperatorSocketPlace.privateDirectory();
        Files.createFile(stale.resolve(OperatorChannel.SOCKET_NAME));
        Files.createSymbolicLink(dataDir.resolve(OperatorChannel.SOCKET_NAME), stale.resolve(OperatorChannel.SOCKET_NAME));
        try (OperatorChannel channel = OperatorChannel.open(dataDir, servicesWithAccount("7"));
             ArchiveIntake intake = OperatorChannelClient.connect(dataDir).orElseThrow()) {
            assertThat(intake.defaultAccount()).isEqualTo("7");
        }
        assertThat(stale).doesNotExist();
    }
}
